"""The reviewers' scores: one row per (ticket, reviewer), from CSV or JSON Lines.

A field is a CSV column or a dotted path into a JSON line (`labels.E_mean`). A field whose value
is a list of numbers holds one score per reviewer, in order (`reviewer` is then its position).
Rows without a score are counted and said, never dropped silently; anything that cannot be read
is an error naming the row.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rubric.errors import TicketQAError

MAX_PROBLEMS = 10


class ReviewsError(TicketQAError):
    """The reviews file cannot be used; the message names the rows and the fix."""


@dataclass
class Fields:
    ticket: str = "ticket_id"
    score: str = "score"
    reviewer: str = "reviewer"
    reviewer_given: bool = False  # named on the command line: then it must exist
    criteria: tuple[str, ...] = ()


@dataclass
class Reviews:
    """Per ticket: each reviewer's overall score, and per criterion id the reviewers' scores."""

    overall: dict[str, dict[str, float]] = field(default_factory=dict)
    criteria: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)  # ticket -> row numbers, for messages
    without_score: dict[str, list[int]] = field(default_factory=dict)  # ticket -> rows with no score
    format: str = "csv"

    def mean(self, ticket: str) -> float:
        scores = self.overall[ticket].values()
        return sum(scores) / len(scores)

    def criterion_mean(self, criterion: str, ticket: str) -> float | None:
        scores = self.criteria.get(criterion, {}).get(ticket)
        return sum(scores.values()) / len(scores) if scores else None

    def values(self) -> list[float]:
        return [s for per in self.overall.values() for s in per.values()]


def read_reviews(text: str, fields: Fields, *, name: str) -> Reviews:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ReviewsError(f"{name} is empty: it needs one row per (ticket, reviewer) with a score")
    kind = "jsonl" if text.lstrip().startswith("{") else "csv"
    rows = _json_rows(text, name) if kind == "jsonl" else _csv_rows(text, name)
    reviews = Reviews(format=kind)
    problems: list[str] = []
    available: set[str] = set()
    found = {"ticket": False, "score": False, "reviewer": False}
    for number, row in rows:
        available.update(_paths(row))
        _take_row(reviews, number, row, fields, problems, found)
    _check_fields(fields, found, available, name)
    if problems:
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        raise ReviewsError(f"{name}: " + "; ".join(shown) + (f"; and {more} more problem(s)" if more else ""))
    if not reviews.overall:
        raise ReviewsError(f"{name}: no row has a score in '{fields.score}'")
    return reviews


def _take_row(
    reviews: Reviews,
    number: int,
    row: dict[str, Any],
    fields: Fields,
    problems: list[str],
    found: dict[str, bool],
) -> None:
    ticket = _lookup(row, fields.ticket)
    found["ticket"] |= ticket is not None
    if ticket in (None, ""):
        problems.append(f"row {number}: no ticket id in '{fields.ticket}'")
        return
    ticket = str(int(ticket)) if isinstance(ticket, float) and ticket.is_integer() else str(ticket)
    raw = _lookup(row, fields.score)
    reviewer_value = _lookup(row, fields.reviewer)
    found["reviewer"] |= reviewer_value is not None
    if raw is None or raw == "":
        reviews.without_score.setdefault(ticket, []).append(number)
        return
    found["score"] = True
    scores = _scores(raw, reviewer_value, number, fields.score, problems)
    if scores is None:
        return
    per_ticket = reviews.overall.setdefault(ticket, {})
    for reviewer, score in scores.items():
        if reviewer in per_ticket:
            first = reviews.rows[ticket][0]
            problems.append(
                f"row {number}: ticket {_short(ticket)} has a second score from reviewer "
                f"{_short(reviewer)} (first on row {first}); keep one row per (ticket, reviewer)"
            )
            return
        per_ticket[reviewer] = score
    reviews.rows.setdefault(ticket, []).append(number)
    for criterion in fields.criteria:
        value = _lookup(row, criterion)
        if value is None:
            value = _lookup(row, f"criteria.{criterion}")
        if value is None or value == "":
            continue
        parsed = _scores(value, reviewer_value, number, criterion, problems)
        if parsed:
            reviews.criteria.setdefault(criterion, {}).setdefault(ticket, {}).update(parsed)


def _scores(raw: Any, reviewer: Any, number: int, name: str, problems: list[str]) -> dict[str, float] | None:
    """One reviewer's score, or a list of scores, one per reviewer in order."""
    if isinstance(raw, list):
        values = [_number(v) for v in raw]
        if not raw or any(v is None for v in values):
            problems.append(f"row {number}: '{name}' must be a number or a list of numbers")
            return None
        return {f"#{i + 1}": v for i, v in enumerate(values) if v is not None}
    value = _number(raw)
    if value is None:
        problems.append(f"row {number}: '{name}' is {_short(str(raw))!r}, not a number")
        return None
    return {"-" if reviewer in (None, "") else str(reviewer): value}


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return 1.0 if raw else 0.0
    if isinstance(raw, (int, float)):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw.strip())
        except ValueError:
            return None
    else:
        return None
    return value if math.isfinite(value) else None


def _check_fields(fields: Fields, found: dict[str, bool], available: set[str], name: str) -> None:
    known = ", ".join(sorted(available)[:20]) or "none"
    if not found["ticket"]:
        raise ReviewsError(
            f"{name}: no field '{fields.ticket}' in any row; name the ticket id with --id-field "
            f"(fields found: {known})"
        )
    if not found["score"] and fields.score not in available:
        raise ReviewsError(
            f"{name}: no field '{fields.score}' in any row; name the human score with --human-field "
            f"(fields found: {known})"
        )
    if fields.reviewer_given and not found["reviewer"]:
        raise ReviewsError(
            f"{name}: no field '{fields.reviewer}' in any row; fix --reviewer-field (fields found: {known})"
        )


def _lookup(row: dict[str, Any], path: str) -> Any:
    if path in row:  # a CSV column or a JSON key may itself contain dots
        return row[path]
    value: Any = row
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _paths(row: dict[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in row.items():
        path = f"{prefix}{key}"
        yield path
        if isinstance(value, dict) and len(prefix) < 200:
            yield from _paths(value, path + ".")


def _json_rows(text: str, name: str) -> Iterable[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise ReviewsError(f"{name}: row {number} is not valid JSON ({exc})") from None
        if not isinstance(row, dict):
            raise ReviewsError(f"{name}: row {number} is not a JSON object")
        yield number, row


def _csv_rows(text: str, name: str) -> Iterable[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ReviewsError(f"{name}: no header row; the first line names the columns")
    for row in reader:
        yield reader.line_num, {k: v for k, v in row.items() if k is not None}


def _short(text: str, limit: int = 40) -> str:
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"
