"""The coaching note: shape, escaping, word budget, and golden notes for example tickets.

Golden files live in tests/rubric/golden/. After an intended change to checks or wording,
regenerate them with `UPDATE_GOLDEN=1 make test` and read the diff like a reviewer would.
"""

import json
import os
from pathlib import Path

import pytest

from rubric.marker import find_marker
from rubric.model import Ticket
from rubric.note import build_note, render
from rubric.scoring import score_ticket
from rubric.spec import load_rubric
from tests.helpers import ticket

DEFAULT = load_rubric()
EXAMPLES = Path(__file__).parents[2] / "examples" / "tickets.jsonl"
GOLDEN = Path(__file__).parent / "golden"
GOLDEN_CASES = [
    ("4812", "text"),
    ("4820", "text"),
    ("4830", "text"),
    ("4850", "text"),
    ("4860", "text"),
    ("4870", "text"),
    ("4890", "text"),
    ("4880", "text"),
    ("4842", "markdown"),
    ("4822", "html"),
]


def _examples() -> dict[str, Ticket]:
    tickets = (Ticket.model_validate_json(line) for line in EXAMPLES.read_text().splitlines() if line)
    return {t.id: t for t in tickets}


@pytest.mark.parametrize(("ticket_id", "fmt"), GOLDEN_CASES)
def test_golden_notes(ticket_id: str, fmt: str) -> None:
    note = render(score_ticket(_examples()[ticket_id], DEFAULT), fmt)
    path = GOLDEN / f"{ticket_id}.{ {'text': 'txt', 'markdown': 'md', 'html': 'html'}[fmt] }"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(note)
    assert note == path.read_text()


def test_every_example_note_fits_a_sidebar_and_keeps_its_promises() -> None:
    for t in _examples().values():
        result = score_ticket(t, DEFAULT)
        note = build_note(result)
        text = render(result, "text")
        assert len(text.split()) <= 230, (t.id, len(text.split()))
        assert len(note.try_next) <= 3
        assert find_marker(text) is not None
        for word in ("criterion", "N/A", "check id"):
            assert word not in text
        if result.status == "scored" and any(
            c.score == 1 and c.praise for k in result.criteria for c in k.checks
        ):
            assert note.went_well or note.try_next, t.id


def test_every_point_in_a_note_quotes_the_ticket() -> None:
    for t in _examples().values():
        result = score_ticket(t, DEFAULT)
        for item in [*build_note(result).went_well, *build_note(result).try_next]:
            assert item.quote, (t.id, item)


def test_quoted_ticket_text_is_escaped_in_html_and_markdown() -> None:
    # The body is HTML whose *text* looks like markup: it must stay text in every note format.
    body = (
        "<p>Hi Maria, you should have used the &lt;b&gt;bold&lt;/b&gt; &amp; *starred* "
        "[link](javascript:alert(1)) option.</p>"
    )
    result = score_ticket(ticket(("customer", "My order is late."), ("agent", body)), DEFAULT)
    page = render(result, "html")
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    markdown = render(result, "markdown")
    assert "\\*starred\\*" in markdown and "\\[link\\]" in markdown and "<b>" not in markdown
    assert find_marker(page) and find_marker(markdown)


def test_script_tags_in_a_body_never_reach_the_note() -> None:
    result = score_ticket(
        ticket(
            ("customer", "<p>My order is late.</p><script>alert(1)</script>"),
            ("agent", "Hi Maria, as I already explained, it ships today."),
        ),
        DEFAULT,
    )
    for fmt in ("text", "markdown", "html"):
        assert "<script>" not in render(result, fmt)


def test_critical_failure_headline_shows_the_would_be_score() -> None:
    result = score_ticket(
        ticket(("customer", "The app crashes."), ("agent", "Hi Maria, calm down and read the manual.")),
        DEFAULT,
    )
    note = build_note(result)
    assert note.headline.startswith("QA 0/100 · Review (would be ")
    assert note.summary.endswith("so this ticket needs a review.")


def test_not_scorable_note_says_why() -> None:
    result = score_ticket(ticket(("customer", "Hello?"), ("bot", "See our FAQ.")), DEFAULT)
    assert render(result, "text").startswith("QA not scored — no agent replied")


def test_unknown_format_is_refused() -> None:
    result = score_ticket(ticket(("customer", "Hello?"), ("agent", "Hi Maria, all done now.")), DEFAULT)
    with pytest.raises(ValueError, match="unknown note format"):
        render(result, "pdf")


def test_json_result_round_trips() -> None:
    result = score_ticket(_examples()["4812"], DEFAULT)
    again = type(result).model_validate(json.loads(result.model_dump_json()))
    assert render(again) == render(result)
