"""The coaching note: built from a `TicketResult` alone, rendered as text, Markdown or HTML.

Shaped like a good coach's feedback (see shared/note-style.md): the score and one plain
sentence, a line of criteria, what went well in the agent's own words, at most three things to
try next time each with a rewrite, what could not be judged, and the marker in the footer.
Everything that comes from the ticket is escaped for the format it lands in.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rubric.checks.base import REGISTRY
from rubric.marker import Marker
from rubric.result import CheckResult, CriterionResult, EvidenceOut, TicketResult

MAX_TRY_NEXT = 3
MAX_WENT_WELL = 2
MAX_QUOTE_CHARS = 140
FORMATS = ("text", "markdown", "html")


@dataclass(frozen=True)
class Item:
    text: str
    quote: str | None = None
    quoted_customer: str | None = None  # the customer's name when the quote is theirs


@dataclass
class Note:
    headline: str
    summary: str
    scale_line: list[tuple[str, int | None, int]] = field(default_factory=list)
    went_well: list[Item] = field(default_factory=list)
    try_next: list[Item] = field(default_factory=list)
    not_judged: list[str] = field(default_factory=list)
    footer: str = ""
    marker: str = ""
    supersedes: str | None = None  # when this note replaces an earlier one: the reason, one line


def marker_for(result: TicketResult) -> Marker:
    return Marker(result.rubric.name, result.rubric.version, result.fingerprint)


def build_note(result: TicketResult) -> Note:
    footer = f"ticketqa · rubric {result.rubric.name} v{result.rubric.version}"
    marker = str(marker_for(result))
    if result.status == "not_scorable":
        return Note("QA not scored", f"{result.reason}.", footer=footer, marker=marker)
    went_well, try_next = _one_point_per_sentence(_went_well(result), _try_next(result))
    return Note(
        headline=_headline(result),
        summary=_summary(result),
        scale_line=[(c.label, c.selected, c.scale) for c in result.criteria if c.weight > 0],
        went_well=[_item(c, c.praise or "", result) for c in went_well],
        try_next=[_item(c, c.advice or "", result) for c in try_next],
        not_judged=_not_judged(result.criteria),
        footer=footer,
        marker=marker,
    )


def _headline(result: TicketResult) -> str:
    band = (result.band or "").capitalize()
    score = f"QA {round(result.score or 0)}/100 · {band}"
    if result.failed_critical and result.would_be_score is not None:
        score += f" (would be {round(result.would_be_score)})"
    return score


def _weighted_checks(result: TicketResult) -> list[tuple[float, CheckResult]]:
    """Every check with its share of the ticket score: what matters most comes first."""
    ranked = []
    for criterion in result.criteria:
        total = sum(c.weight for c in criterion.checks) or 1.0
        for check in criterion.checks:
            impact = criterion.weight * check.weight / total
            ranked.append((impact + (1000 if check.critical else 0), check))
    return ranked


def _went_well(result: TicketResult) -> list[tuple[float, CheckResult]]:
    """What went well, weightiest first. A sentence any check found fault with is never praised."""
    flagged = {
        e.quote
        for _, c in _weighted_checks(result)
        if c.score is not None and c.score < 1 and c.advice and _points_at_fault(c)
        for e in c.evidence
    }
    return sorted(
        (
            (impact, c)
            for impact, c in _weighted_checks(result)
            if c.score == 1 and c.praise and (q := _agent_quote(c)) and q.quote not in flagged
        ),
        key=lambda pair: -pair[0],
    )


def _one_point_per_sentence(
    wells: list[tuple[float, CheckResult]], tries: list[tuple[float, CheckResult]]
) -> tuple[list[CheckResult], list[CheckResult]]:
    """A sentence is quoted once in a note: praised, or something to try, whichever weighs
    more. Only checks that point at a gap can meet here (a fault is never praised), and what
    went well is always said, by its weightiest point if every other one lost its sentence."""
    best_try: dict[str, float] = {}
    for impact, check in tries:
        best_try.setdefault(_main_evidence(check).quote, impact)
    kept_wells = [c for i, c in wells if best_try.get(_main_evidence(c).quote, -1.0) < i]
    if wells and not kept_wells:
        kept_wells = [wells[0][1]]
    praised = {_main_evidence(c).quote for c in kept_wells}
    kept_tries = [c for _, c in tries if _main_evidence(c).quote not in praised]
    return _distinct_quotes(kept_wells, MAX_WENT_WELL), _distinct_quotes(kept_tries, MAX_TRY_NEXT)


def _points_at_fault(check: CheckResult) -> bool:
    kind = REGISTRY.get(check.kind)
    return kind is None or kind.points_at == "fault"


def _try_next(result: TicketResult) -> list[tuple[float, CheckResult]]:
    """Everything to try next time, the most costly first."""
    return sorted(
        (
            (impact * (1 - (c.score or 0.0)), c)
            for impact, c in _weighted_checks(result)
            if c.score is not None and c.score < 1 and c.advice and c.evidence
        ),
        key=lambda pair: -pair[0],
    )


def _distinct_quotes(checks: list[CheckResult], limit: int) -> list[CheckResult]:
    seen: set[str] = set()
    kept = []
    for check in checks:
        quote = _main_evidence(check).quote
        if quote in seen:
            continue
        seen.add(quote)
        kept.append(check)
    return kept[:limit]


def _agent_quote(check: CheckResult) -> EvidenceOut | None:
    return next((e for e in check.evidence if e.author_role == "agent"), None)


def _main_evidence(check: CheckResult) -> EvidenceOut:
    return _agent_quote(check) if check.score == 1 else check.evidence[0]  # type: ignore[return-value]


def _item(check: CheckResult, text: str, result: TicketResult) -> Item:
    evidence = _main_evidence(check)
    customer = None
    if evidence.author_role == "customer":
        customer = result.customer_name or "The customer"
    return Item(text=text, quote=_shorten(evidence.quote), quoted_customer=customer)


def _summary(result: TicketResult) -> str:
    checks = [c for _, c in sorted(_weighted_checks(result), key=lambda pair: -pair[0])]
    if result.failed_critical:
        critical = next(
            (c for c in checks if c.critical and (c.score or 0) < 0.5 and c.score is not None), None
        )
        what = critical.summary if critical and critical.summary else "a reply broke a must-pass rule"
        return f"{what}, so this ticket needs a review."
    good = next((c.summary for c in checks if c.score == 1 and c.summary), None)
    # Only a shortfall that cost points belongs in the one-line summary.
    short = {k.kind for c in result.criteria if c.score is not None and c.score < 1 for k in c.checks}
    bad = next((c.summary for _, c in _try_next(result) if c.summary and c.kind in short), None)
    if good and bad:
        return f"{good}, but {bad}."
    return f"{good or bad or 'nothing stood out either way'}."


def _not_judged(criteria: list[CriterionResult]) -> list[str]:
    lines = []
    for criterion in criteria:
        if criterion.score is None:
            reason = criterion.reason.rstrip(".")
            reason = reason[:1].lower() + reason[1:]
            lines.append(f"{criterion.label.lower()} ({reason})")
    return lines


# A link quoted from a ticket shows as its domain only: a note never carries a working URL.
_URL = re.compile(r"\b(?:https?://|www\.)([^\s/?#<>\"']+)[^\s<>\"']*", re.I)


_DANGLING = re.compile(r"\b(?:https?://|www\.)(?=[\s\"”']|$)", re.I)  # a link cut off by a sentence end


def _unlinked(text: str) -> str:
    text = _URL.sub(lambda m: m.group(1).removeprefix("www.").rstrip(".,;:!?)"), text)
    return _DANGLING.sub("", text)


def _shorten(quote: str) -> str:
    quote = _unlinked(" ".join(quote.split()))
    if len(quote) <= MAX_QUOTE_CHARS:
        return quote
    cut = quote[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0]
    return f"{cut}…"


# --- rendering ----------------------------------------------------------------------------

# Characters that start Markdown formatting; `<` and `&` become entities so no raw HTML passes.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def _dots(selected: int | None, scale: int) -> str:
    if selected is None:
        return "–"
    return "●" * (selected + 1) + "○" * (scale - 1 - selected)


def render(result: TicketResult, fmt: str = "text", *, supersedes: str | None = None) -> str:
    """The note in `fmt`. `supersedes`: a line saying which earlier note this one replaces."""
    note = build_note(result)
    note.supersedes = supersedes
    if fmt == "text":
        return _render(note, _TEXT)
    if fmt == "markdown":
        return _render(note, _MARKDOWN)
    if fmt == "html":
        return _render(note, _HTML)
    raise ValueError(f"unknown note format {fmt!r}; use one of {', '.join(FORMATS)}")


@dataclass(frozen=True)
class _Style:
    escape: Callable[[str], str]
    bold: str
    italic: str
    paragraph: str
    list_open: str
    list_item: str
    list_close: str
    joiner: str


def markdown_escape(text: str) -> str:
    """Text from a ticket, safe in Markdown: formatting characters escaped, no raw HTML."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


_TEXT = _Style(lambda s: s, "{}", "{}", "{}", "", "- {}", "", "\n")
_MARKDOWN = _Style(markdown_escape, "**{}**", "*{}*", "{}", "", "- {}", "", "\n")
_HTML = _Style(
    lambda s: html.escape(s, quote=True),
    "<strong>{}</strong>",
    "<em>{}</em>",
    "<p>{}</p>",
    "<ul>",
    "<li>{}</li>",
    "</ul>",
    "\n",
)


def _render(note: Note, style: _Style) -> str:
    esc = style.escape
    blocks = [style.paragraph.format(f"{style.bold.format(esc(note.headline))} — {esc(note.summary)}")]
    if note.scale_line:
        line = " · ".join(f"{label} {_dots(sel, scale)}" for label, sel, scale in note.scale_line)
        blocks.append(style.paragraph.format(esc(line)))
    for title, items in (("Went well", note.went_well), ("Try next time", note.try_next)):
        if items:
            rows = [style.list_item.format(_render_item(item, esc)) for item in items]
            body = [style.list_open, *rows, style.list_close] if style.list_open else rows
            blocks.append(style.joiner.join([style.paragraph.format(style.bold.format(title)), *body]))
    if note.supersedes:
        blocks.append(style.paragraph.format(style.italic.format(esc(note.supersedes))))
    footer = note.footer
    if note.not_judged:
        footer += " · not judged: " + "; ".join(note.not_judged)
    blocks.append(style.paragraph.format(style.italic.format(esc(footer))))
    # The marker is ours and uses only safe characters: never escaped, so it matches verbatim.
    blocks.append(style.paragraph.format(note.marker))
    return "\n\n".join(blocks) + "\n"


def _render_item(item: Item, esc: Callable[[str], str]) -> str:
    if item.quote is None:
        return esc(item.text)
    quote = f"“{esc(item.quote)}”"
    if item.quoted_customer:
        return f"{esc(item.quoted_customer)} wrote {quote} — {esc(item.text)}"
    return f"{quote} — {esc(item.text)}"
