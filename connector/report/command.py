"""`ticketqa report`: arguments in, one file out."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from connector.report import page, tables
from connector.report.records import Record, ReportError, from_ledger, from_results
from connector.report.stats import gather
from connector.report.summary import Link, criteria_info, summarise
from rubric.errors import RubricError
from rubric.spec import load_rubric

EXIT_OK, EXIT_USAGE = 0, 2


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report", help="trends per agent, team and criterion, and what to train next"
    )
    report.add_argument("--since", help="how far back: 30d, 12w or a date (default: 30d; all with --results)")
    report.add_argument("--until", help="up to this date, inclusive (default: now)")
    report.add_argument("--account", help="one account of the config (default: all)")
    report.add_argument("--group", choices=("agent", "team", "channel"), default="agent")
    report.add_argument("--format", choices=("html", "csv", "json"), default="html")
    report.add_argument("--out", help="write here instead of standard output")
    report.add_argument("--results", help="read `ticketqa score --format json` output instead of the ledger")
    report.add_argument(
        "--rubric", help="rubric file for criterion names (default: the config's, else built-in)"
    )
    report.add_argument(
        "--config",
        default=os.environ.get("TICKETQA_CONFIG", "ticketqa.toml"),
        help="config file: where the ledger is, and links into each helpdesk",
    )
    report.add_argument("--title", default="ticketqa quality report")


def run(args: argparse.Namespace, now: datetime | None = None) -> int:
    try:
        text = make(args, now or datetime.now(UTC))
    except (ReportError, RubricError) as exc:
        sys.stderr.write(f"ticketqa: {exc}\n")
        return EXIT_USAGE
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            sys.stderr.write(f"ticketqa: cannot write {args.out}: {exc.strerror or exc}\n")
            return EXIT_USAGE
        sys.stderr.write(f"ticketqa: report written to {args.out}\n")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def make(args: argparse.Namespace, now: datetime) -> str:
    since = parse_since(args.since, now) if args.since or not args.results else None
    until = parse_until(args.until) if args.until else None
    records, links, rubric_path = _source(args, since, until)
    rubric = load_rubric(args.rubric or rubric_path)
    figures = gather(records, args.group, since, until)
    report = summarise(figures, criteria_info(rubric), links, args.group)
    if args.format == "json":
        return tables.as_json(report)
    if args.format == "csv":
        return tables.as_csv(report)
    return page.render(report, args.title)


def _source(
    args: argparse.Namespace, since: datetime | None, until: datetime | None
) -> tuple[Iterator[Record], Link, str | None]:
    if args.results:
        return from_results(Path(args.results)), _no_link, None
    from connector.accounts import ticket_link
    from connector.config import ConfigError, load_config

    try:
        config = load_config(Path(args.config), require_secrets=False)
    except ConfigError as exc:
        raise ReportError(f"{exc} (or pass --results FILE to report on scored results)") from None
    names = {a.name for a in config.accounts}
    if args.account is not None and args.account not in names:
        raise ReportError(
            f"--account {args.account!r} is not in {args.config}; its accounts: {', '.join(sorted(names))}"
        )
    by_account = {a.name: ticket_link(a) for a in config.accounts}

    def link(account: str, ticket_id: str) -> str | None:
        found = by_account.get(account)
        return None if found is None else found(ticket_id)

    rubric = str(config.path(config.settings.rubric)) if config.settings.rubric else None
    return from_ledger(config.path(config.settings.state_path), args.account, since, until), link, rubric


def _no_link(account: str, ticket_id: str) -> str | None:
    return None


_SPAN = re.compile(r"^\s*(\d+)\s*([dw])\s*$")


def parse_since(value: str | None, now: datetime) -> datetime:
    if value is None:
        return now - timedelta(days=30)
    found = _SPAN.match(value)
    if found:
        days = int(found.group(1)) * (7 if found.group(2) == "w" else 1)
        return now - timedelta(days=days)
    return _date(value, "--since")


def parse_until(value: str) -> datetime:
    moment = _date(value, "--until")
    return moment + timedelta(days=1) if len(value.strip()) == 10 else moment  # a date: all of that day


def _date(value: str, option: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ReportError(f"{option} takes 30d, 12w or a date like 2026-11-01, not {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
