"""Commands that need no helpdesk: score a file of tickets, show or check a rubric, schemas."""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from pydantic import ValidationError

from rubric.model import Ticket, ticket_json_schema
from rubric.note import markdown_escape, render
from rubric.result import TicketResult
from rubric.scoring import score_ticket
from rubric.spec import Rubric, rubric_as_dict
from rubric.text import printable

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 5  # a bug: the run stopped; apart from 1, where some input lines were bad


@dataclass(frozen=True)
class LineError:
    line: int
    ticket_id: str | None
    message: str


def describe_validation(error: ValidationError) -> str:
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(p) for p in item["loc"]) or "(ticket)"
        parts.append(f"{where}: {item['msg']}")
    more = len(error.errors()) - 5
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def read_tickets(lines: Iterable[str]) -> Iterator[tuple[int, Ticket | LineError]]:
    """Parse JSON Lines one at a time; a bad line becomes a LineError and reading goes on."""
    for number, line in enumerate(lines, start=1):
        if number == 1:
            line = line.removeprefix("\ufeff")  # a byte-order mark at the start of the file
        if not line.strip():
            continue
        data = _parse(number, line)
        if isinstance(data, LineError):
            yield number, data
            continue
        ticket_id = printable(str(data.get("id")), 64) if isinstance(data, dict) and "id" in data else None
        try:
            yield number, Ticket.model_validate(data)
        except ValidationError as exc:
            yield number, LineError(number, ticket_id, f"not a valid ticket: {describe_validation(exc)}")


def _parse(number: int, line: str) -> Any:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return LineError(number, None, f"not valid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return LineError(number, None, "not a ticket: JSON nested too deeply")
    except ValueError:  # an integer of thousands of digits, past what Python converts
        return LineError(number, None, "not a ticket: a number with thousands of digits")
    if "\\ud" in line.lower():
        data = _without_lone_surrogates(data)
    return data


def _without_lone_surrogates(data: Any) -> Any:
    """JSON may escape half a surrogate pair ("\\udfff"), which no output can encode: each
    becomes U+FFFD, as a decoder would for bad bytes."""
    if isinstance(data, str):
        return data.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(data, list):
        return [_without_lone_surrogates(item) for item in data]
    if isinstance(data, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in data.items()}
    return data


def score_lines(lines: Iterable[str], rubric: Rubric) -> Iterator[tuple[int, TicketResult | LineError]]:
    for number, item in read_tickets(lines):
        if isinstance(item, LineError):
            yield number, item
            continue
        try:
            yield number, score_ticket(item, rubric)
        except Exception as exc:  # one ticket's problem is reported; the rest are still scored
            yield number, LineError(number, item.id, f"could not be scored: {type(exc).__name__}: {exc}")


def result_json(result: TicketResult, note_format: str) -> str:
    """One line of `--format json`: the result, then its note.

    pydantic writes the result in one native call; going through a dict and `json.dumps`
    cost a tenth of a whole scoring run.
    """
    body = result.model_dump_json()
    note = json.dumps(render(result, note_format), ensure_ascii=False)
    return f'{body[:-1]},"note":{note}}}'


def run_score(
    lines: Iterable[str], rubric: Rubric, fmt: str, note_format: str, out: TextIO, err: TextIO
) -> int:
    failed = 0
    for number, item in score_lines(lines, rubric):
        if isinstance(item, LineError):
            failed += 1
            label = f" (ticket {printable(item.ticket_id, 64)})" if item.ticket_id else ""
            err.write(f"ticketqa: line {number}{label}: {item.message}\n")
            if fmt == "json":
                out.write(
                    json.dumps({"line": number, "ticket_id": item.ticket_id, "error": item.message}) + "\n"
                )
            continue
        if fmt == "json":
            out.write(result_json(item, note_format) + "\n")
        else:
            out.write(_heading(item, fmt) + render(item, fmt) + "\n")
    if failed:
        err.write(f"ticketqa: {failed} line(s) could not be scored; the others were.\n")
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _heading(result: TicketResult, fmt: str) -> str:
    ticket_id = printable(result.ticket_id, 64)
    if fmt == "markdown":
        return f"## Ticket {markdown_escape(ticket_id)}\n\n"
    if fmt == "html":
        return f"<h2>Ticket {html.escape(ticket_id)}</h2>\n"
    return f"=== ticket {ticket_id} ===\n"


def schema_json(name: str) -> str:
    schemas = {"ticket": ticket_json_schema, "result": TicketResult.model_json_schema}
    return json.dumps(schemas[name](), indent=2)


def rubric_text(rubric: Rubric) -> str:
    """A readable summary of a rubric, then the full effective settings as JSON."""
    spec = rubric.spec
    lines = [f"{spec.name} v{spec.version} ({rubric.source}, digest {rubric.digest})"]
    if spec.description:
        lines.append(spec.description)
    lines.append(f"bands: great >= {spec.bands.great}, coach >= {spec.bands.coach}, else review")
    total = sum(c.spec.weight for c in rubric.criteria) or 1
    for criterion in rubric.criteria:
        c = criterion.spec
        flags = ", critical" if c.critical else ""
        lines.append(
            f"\n{c.title} [{c.id}] weight {c.weight:g} ({100 * c.weight / total:.0f}%), "
            f"{c.scale}-point{flags}"
        )
        for check in criterion.checks:
            mark = " (critical)" if check.spec.critical else ""
            lines.append(f"  - {check.kind.name} ×{check.spec.weight:g}{mark}: {check.kind.description}")
    return "\n".join(lines) + "\n"


def write(text: str, out: TextIO | None = None) -> None:
    (out or sys.stdout).write(text if text.endswith("\n") else text + "\n")


def rubric_json(rubric: Rubric) -> str:
    return json.dumps(rubric_as_dict(rubric), indent=2)
