"""`ticketqa calibrate TICKETS REVIEWS`: score the tickets, compare with the reviews, report,
and with --fit, fit the criterion weights and write them as a rubric file."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from connector import offline
from connector.runtime import prepare_for_scoring
from rubric.errors import RubricError
from rubric.result import TicketResult
from rubric.spec import Rubric, load_rubric, parse_rubric

EXTRA_MISSING = (
    "ticketqa calibrate needs SciPy and scikit-learn, which are an optional extra: "
    "pip install 'ticketqa[calibrate]' (in this repository: .venv/bin/pip install -e '.[calibrate]')"
)


def add_parser(commands: Any) -> None:
    calibrate = commands.add_parser(
        "calibrate", help="compare ticketqa's scores with your reviewers' and fit weights to them"
    )
    calibrate.add_argument("tickets", help="tickets as for `ticketqa score` (JSON Lines, or - for stdin)")
    calibrate.add_argument(
        "reviews", help="your reviewers' scores: CSV or JSON Lines, a row per (ticket, reviewer)"
    )
    calibrate.add_argument(
        "--human-field", default="score", help="the human score: a CSV column or dotted JSON path"
    )
    calibrate.add_argument("--id-field", default="ticket_id", help="the ticket id field (default ticket_id)")
    calibrate.add_argument("--reviewer-field", help="the reviewer field (default reviewer, if present)")
    calibrate.add_argument("--rubric", help="rubric TOML file (default: the built-in rubric)")
    calibrate.add_argument("--format", choices=("text", "json", "html"), default="text")
    calibrate.add_argument(
        "--out",
        help="with --fit: the rubric file to write with the fitted weights; otherwise: the report file",
    )
    calibrate.add_argument("--fit", action="store_true", help="fit criterion weights, cross-validated")
    calibrate.add_argument(
        "--folds", type=_folds, default=5, help="cross-validation folds for --fit (default 5)"
    )


def _folds(value: str) -> int:
    try:
        folds = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--folds takes a whole number, not {value!r}") from None
    if not 2 <= folds <= 20:
        raise argparse.ArgumentTypeError("--folds must be from 2 to 20")
    return folds


def calibrate(args: argparse.Namespace) -> int:
    try:
        from connector.calibrate import fit, render, report
        from connector.calibrate.reviews import Fields, ReviewsError, read_reviews
    except ImportError:
        sys.stderr.write(f"ticketqa: {EXTRA_MISSING}\n")
        return offline.EXIT_USAGE
    rubric = load_rubric(args.rubric)
    prepare_for_scoring()
    try:
        results, unreadable = _score(args.tickets, rubric)
        fields = Fields(
            ticket=args.id_field,
            score=args.human_field,
            reviewer=args.reviewer_field or "reviewer",
            reviewer_given=args.reviewer_field is not None,
            criteria=tuple(c.spec.id for c in rubric.criteria),
        )
        reviews = read_reviews(_read(args.reviews), fields, name=args.reviews)
    except (OSError, ReviewsError) as exc:
        sys.stderr.write(f"ticketqa: {exc}\n")
        return offline.EXIT_USAGE
    figures, table = report.build(rubric, results, unreadable, reviews)
    if figures["n"] == 0:
        sys.stderr.write(_nothing_matched(results, reviews.overall, args.id_field))
        return offline.EXIT_USAGE
    code = offline.EXIT_OK
    if args.fit:
        code = _fit(args, rubric, figures, table, fit)
    points = [
        (float(r.score or 0.0), reviews.mean(t))
        for t, r in results.items()
        if t in reviews.overall and r.score is not None
    ]
    out = (
        render.text(figures)
        if args.format == "text"
        else (
            json.dumps(figures, indent=2, ensure_ascii=False) + "\n"
            if args.format == "json"
            else render.page(figures, points)
        )
    )
    _write(out, None if args.fit else args.out)
    return code


def _fit(args: argparse.Namespace, rubric: Rubric, figures: dict[str, Any], table: Any, fit: Any) -> int:
    import numpy as np

    defaults = np.array([c.spec.weight for c in rubric.criteria], float)
    try:
        figures["fit"] = fit.cross_validate(table, defaults, args.folds)
    except fit.TooFewTickets as exc:
        figures["fit"] = {"error": str(exc)}
        sys.stderr.write(f"ticketqa: --fit refused: {exc}\n")
        return offline.EXIT_USAGE
    if args.out:
        Path(args.out).write_text(fitted_rubric(rubric, figures["fit"]), encoding="utf-8")
        figures["fit"]["written"] = args.out
    return offline.EXIT_OK


def fitted_rubric(rubric: Rubric, fit: dict[str, Any]) -> str:
    """The base rubric with the fitted weights, a new name and version, and a header saying how
    it was fitted. Validated before it is returned."""
    import tomli_w

    data = rubric.spec.model_dump(mode="json", exclude_defaults=True)
    data["name"] = f"{rubric.name}-fitted"
    data["version"] = rubric.version + 1
    data["description"] = f"{rubric.name} v{rubric.version} with weights fitted by ticketqa calibrate"
    for criterion in data["criteria"]:
        criterion["weight"] = fit["weights_fitted"][criterion["id"]]
    header = [
        f"# Fitted by `ticketqa calibrate --fit` on {datetime.now(UTC):%Y-%m-%d} from {rubric.name} "
        f"v{rubric.version} (digest {rubric.digest}).",
        f"# {fit['n']} reviewed tickets, {fit['folds']}-fold cross-validation, non-negative least squares on "
        "the reviewers' overall score.",
        f"# Out-of-sample Spearman rho: default weights {_signed(fit['cv_spearman_default'])}, fitted "
        f"{_signed(fit['cv_spearman_fitted'])}. Recommendation: {fit['recommendation']}.",
        "# Kept (too little data): " + (", ".join(fit["kept"]) or "none") + ".",
        "",
    ]
    text = "\n".join(header) + tomli_w.dumps(data)
    try:
        parse_rubric(text, source="fitted rubric", base_dir=None)
    except RubricError as exc:  # a bug of ours, never the user's: say so plainly
        raise RuntimeError(f"the fitted rubric did not validate: {exc}") from exc
    return text


def _signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.3f}"


def _score(path: str, rubric: Rubric) -> tuple[dict[str, TicketResult], list[str]]:
    results: dict[str, TicketResult] = {}
    unreadable: list[str] = []
    lines: TextIO = sys.stdin if path == "-" else open(path, encoding="utf-8-sig", errors="replace")  # noqa: SIM115
    with lines:
        for number, item in offline.score_lines(lines, rubric):
            if isinstance(item, offline.LineError):
                unreadable.append(f"line {number}")
            else:
                results[item.ticket_id] = item
    return results, unreadable


def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8-sig", errors="replace")


def _write(text: str, path: str | None) -> None:
    if path:
        Path(path).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _nothing_matched(results: dict[str, TicketResult], reviewed: dict[str, Any], id_field: str) -> str:
    mine = ", ".join(list(results)[:3]) or "none"
    theirs = ", ".join(list(reviewed)[:3]) or "none"
    return (
        f"ticketqa: no scored ticket has a review: ticket ids look like {mine}; review ids ('{id_field}') "
        f"look like {theirs}. Point --id-field at the ticket id.\n"
    )
