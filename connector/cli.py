"""`ticketqa`: the command line. Parses arguments and hands off; exit codes are documented in
the README (0 ok, 1 some tickets failed, 2 usage, config or rubric error)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from connector import offline, sandbox
from connector.calibrate import command as calibrate_command
from connector.logs import FORMATS as FORMATS_LOG
from connector.report import command as report_command
from connector.runtime import prepare_for_scoring
from rubric.errors import RubricError
from rubric.note import FORMATS
from rubric.spec import load_rubric


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ticketqa", description="Score support tickets against a QA rubric."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    score = commands.add_parser("score", help="score a JSON Lines file of tickets, offline")
    score.add_argument("file", help="JSON Lines file, one ticket a line, or - for standard input")
    score.add_argument("--rubric", help="rubric TOML file (default: the built-in rubric)")
    score.add_argument(
        "--format",
        choices=("json", *FORMATS),
        default="json",
        help="json: one result a line; text, markdown, html: the notes",
    )
    score.add_argument(
        "--note-format",
        choices=FORMATS,
        default="text",
        help="how the `note` field is rendered in json output",
    )

    calibrate_command.add_parser(commands)
    report_command.add_parser(commands)

    schema = commands.add_parser("schema", help="print a JSON Schema")
    schema.add_argument("name", choices=("ticket", "result"))

    rubric = commands.add_parser("rubric", help="show or validate a rubric")
    rubric_commands = rubric.add_subparsers(dest="rubric_command", required=True, metavar="ACTION")
    show = rubric_commands.add_parser("show", help="print a rubric with every effective setting")
    show.add_argument("file", nargs="?", help="rubric TOML file (default: the built-in rubric)")
    show.add_argument("--json", action="store_true", help="print the full rubric as JSON")
    validate = rubric_commands.add_parser("validate", help="check a rubric file")
    validate.add_argument("file")

    config = commands.add_parser("config", help="check the configuration")
    config_commands = config.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    check = config_commands.add_parser("check", help="validate ticketqa.toml and the secrets it names")
    _config_option(check)
    check.add_argument(
        "--online",
        action="store_true",
        help="also sign in to each helpdesk and check permissions and writes (writes nothing)",
    )

    sync = commands.add_parser("sync", help="poll the configured helpdesks and post coaching notes")
    mode = sync.add_mutually_exclusive_group(required=True)
    mode.add_argument("--once", action="store_true", help="one pass (for cron, timers, CronJobs)")
    mode.add_argument("--loop", action="store_true", help="a pass every --interval, until SIGTERM")
    sync.add_argument("--interval", help="between passes in --loop, e.g. 2m (default: poll_interval)")
    sync.add_argument("--dry-run", action="store_true", help="score and show the notes; write nothing")
    _run_options(sync)

    backfill = commands.add_parser("backfill", help="score a past period once (its own position)")
    backfill.add_argument("--since", required=True, help="ISO date or time, e.g. 2026-10-01")
    backfill.add_argument("--until", help="ISO date or time; default: up to now")
    backfill.add_argument("--limit", type=_positive, help="at most this many tickets")
    backfill.add_argument("--dry-run", action="store_true")
    _run_options(backfill)

    retry = commands.add_parser("retry-failed", help="make failed tickets due now and run one pass")
    _run_options(retry)
    retry.set_defaults(retry_failed=True, dry_run=False, once=True)

    state = commands.add_parser("status", help="what the connector has done, per account")
    _config_option(state)

    demo = commands.add_parser("demo", help="both stand-ins, one sync, the notes that landed (make demo)")
    demo.add_argument("--seed", default="examples/tickets.jsonl")
    demo.add_argument("--notes", type=int, default=4, help="how many posted notes to print")

    sandbox = commands.add_parser("sandbox", help="run a local stand-in helpdesk on loopback")
    sandbox.add_argument("vendor", choices=("freshdesk", "zendesk"))
    sandbox.add_argument("--port", type=int, default=8765)
    sandbox.add_argument("--seed", default="examples/tickets.jsonl", help="tickets to load (JSON Lines)")
    sandbox.add_argument("--api-key", default="standin-api-key", help="Freshdesk: the key clients must send")
    sandbox.add_argument("--client-id", default="ticketqa", help="Zendesk: the OAuth client id")
    sandbox.add_argument("--client-secret", default="standin-secret", help="Zendesk: the OAuth client secret")
    sandbox.add_argument("--rate-limit", type=int, default=700, help="credits per minute; 0 for none")
    sandbox.add_argument("--time-scale", type=float, default=1.0, help="60 makes a minute last a second")
    return parser


def _config_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--config",
        default=os.environ.get("TICKETQA_CONFIG", "ticketqa.toml"),
        help="config file (default: $TICKETQA_CONFIG or ./ticketqa.toml)",
    )


def _run_options(command: argparse.ArgumentParser) -> None:
    """What every command that runs a sync takes: the config, and how to log."""
    _config_option(command)
    command.add_argument(
        "--log-format",
        choices=FORMATS_LOG,
        default=os.environ.get("TICKETQA_LOG_FORMAT", "text"),
        help="text (key=value) or json (one event a line) on standard error",
    )
    command.add_argument("--verbose", action="store_true", help="log every ticket, unchanged ones too")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a whole number, not {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"takes a number of tickets from 1 up, not {number}")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "score":
            return _score(args)
        if args.command in ("sync", "retry-failed", "backfill"):
            from connector.run import sync

            return sync(args)
        if args.command == "demo":
            from connector.demo import demo

            return demo(args)
        if args.command == "status":
            from connector.status import status

            return status(args)
        if args.command == "calibrate":
            return calibrate_command.calibrate(args)
        if args.command == "report":
            return report_command.run(args)
        if args.command == "config":
            return _config_check(args)
        if args.command == "sandbox":
            return sandbox.run(args)
        if args.command == "schema":
            offline.write(offline.schema_json(args.name))
            return offline.EXIT_OK
        return _rubric(args)
    except RubricError as exc:
        sys.stderr.write(f"ticketqa: {exc}\n")
        return offline.EXIT_USAGE
    except BrokenPipeError:  # `ticketqa score … | head` is fine
        return offline.EXIT_OK
    except Exception as exc:  # a bug of ours: one line, and a code apart from "some lines were bad"
        sys.stderr.write(
            f"ticketqa: internal error ({type(exc).__name__}: {exc}); "
            "this is a bug in ticketqa, please report it\n"
        )
        return offline.EXIT_INTERNAL


def _score(args: argparse.Namespace) -> int:
    rubric = load_rubric(args.rubric)
    prepare_for_scoring()
    if args.file == "-":
        return offline.run_score(sys.stdin, rubric, args.format, args.note_format, sys.stdout, sys.stderr)
    try:
        with open(args.file, encoding="utf-8", errors="replace") as lines:
            return offline.run_score(lines, rubric, args.format, args.note_format, sys.stdout, sys.stderr)
    except OSError as exc:
        sys.stderr.write(f"ticketqa: cannot read {args.file}: {exc.strerror or exc}\n")
        return offline.EXIT_USAGE


def _config_check(args: argparse.Namespace) -> int:
    from connector.config import ConfigError, load_config

    try:
        config = load_config(Path(args.config))
        if config.settings.rubric:
            load_rubric(config.path(config.settings.rubric))
    except ConfigError as exc:
        sys.stderr.write(f"ticketqa: {exc}\n")
        return offline.EXIT_USAGE
    for account in config.accounts:
        where = getattr(account, "subdomain", None) or getattr(account, "domain", "")
        offline.write(f"{account.name}: {account.kind} {where}, auth {account.auth.method}, secrets present")
    offline.write(
        f"{args.config}: valid ({len(config.accounts)} account(s)); state at "
        f"{config.path(config.settings.state_path)}"
    )
    if not args.online:
        return offline.EXIT_OK
    from connector.online import check_online

    lines, passed = check_online(config)
    for line in lines:
        offline.write(line)
    if not passed:
        sys.stderr.write("ticketqa: the online check failed; see FAIL above for what to fix\n")
    return offline.EXIT_OK if passed else offline.EXIT_USAGE


def _rubric(args: argparse.Namespace) -> int:
    rubric = load_rubric(args.file)
    if args.rubric_command == "validate":
        offline.write(
            f"{args.file}: valid ({rubric.name} v{rubric.version}, "
            f"{len(rubric.criteria)} criteria, digest {rubric.digest})"
        )
    elif args.json:
        offline.write(offline.rubric_json(rubric))
    else:
        offline.write(offline.rubric_text(rubric))
    return offline.EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
