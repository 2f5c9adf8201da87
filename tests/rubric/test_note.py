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


# The note rules of rubric v2 (note-style.md), each on a conversation written for it.
def _note(*turns: tuple[str, str], **fields: object) -> str:
    return render(score_ticket(ticket(*turns, **fields), DEFAULT), "text")


def test_a_confirmed_fix_leads_the_note_and_praise_quotes_the_agents_own_sentence() -> None:
    note = _note(
        ("customer", "The export button does nothing in Chrome."),
        (
            "agent",
            "Hi Maria, thanks for reporting it. Please clear the cache under Settings > Privacy, "
            "then reload.",
        ),
        ("customer", "That fixed it, thank you!"),
    )
    headline, went_well = note.splitlines()[0], note.split("Went well")[1]
    assert "confirmed it was solved" in headline
    first = went_well.strip().splitlines()[0]
    assert "Please clear the cache" in first and "That fixed it" not in first


def test_a_ticket_that_went_well_in_any_respect_says_what_worked() -> None:
    note = _note(
        ("customer", "My order 51022 arrived with a broken handle."),
        ("agent", "Hi Maria, I've sent a replacement handle today; it arrives by Friday."),
        ("customer", "Still waiting, nobody told me anything."),
    )
    assert "Went well" in note and "I've sent a replacement handle today" in note


def test_links_quoted_from_a_ticket_show_as_their_domain() -> None:
    note = _note(
        ("customer", "How do I reset my password?"),
        ("agent", "Hi Maria, follow the steps at https://help.example.com/reset?id=42 and you're in."),
        ("customer", "Worked, thanks!"),
    )
    assert "help.example.com" in note and "https://" not in note and "id=42" not in note


def test_the_displayed_score_and_its_band_always_agree() -> None:
    from rubric.spec import Bands

    assert Bands().band(round(89.96)) == "great"  # shown as 90, banded as 90
    for line in (_note(*pairs) for pairs in _VARIED):
        score = int(line.split("QA ")[1].split("/")[0])
        band = line.split(" · ")[1].split(" ")[0].lower()
        assert band == Bands().band(score)


_VARIED = [
    (
        ("customer", "Can I pause my plan?"),
        ("agent", "Hi Maria, yes, I've paused it until March; nothing is charged."),
        ("customer", "Perfect, thanks."),
    ),
    (
        ("customer", "Where is my refund?"),
        ("agent", "Please send us a private message."),
        ("customer", "Useless."),
    ),
    (("customer", "My app crashes."), ("agent", "Hi Maria, please reinstall the app from the store.")),
]


def test_no_name_advice_when_the_agent_could_not_know_the_name() -> None:
    note = _note(
        ("customer", "Where is my parcel? It is late."),
        ("agent", "It left the warehouse today and arrives tomorrow."),
        customer=None,
    )
    assert "name" not in note.lower()


def test_an_upset_customer_handled_well_scores_as_high_as_a_calm_one() -> None:
    """4. The customer's starting mood is not the agent's doing."""
    calm = score_ticket(
        ticket(
            ("customer", "My parcel 4411 has not arrived yet."),
            ("agent", "I'm sorry, Maria. I've sent a new parcel by express today; it arrives tomorrow."),
            ("customer", "Great, thanks."),
        ),
        DEFAULT,
    )
    angry = score_ticket(
        ticket(
            ("customer", "This is ridiculous, I'm furious! My parcel 4411 has not arrived yet."),
            ("agent", "I'm sorry, Maria. I've sent a new parcel by express today; it arrives tomorrow."),
            ("customer", "Great, thanks."),
        ),
        DEFAULT,
    )
    assert calm.score is not None and angry.score is not None and angry.score >= calm.score


def test_a_check_that_cannot_vary_on_a_channel_says_not_applicable_there() -> None:
    """6. Closing lines are not customary on social channels: N/A there, judged on email."""
    turns = (("customer", "Do you ship to Canada?"), ("agent", "Hi Maria, yes we do, within 5 days."))

    def closing(channel: str) -> float | None:
        data = ticket(*turns).model_dump()
        for message in data["messages"]:
            message["channel"] = channel
        result = score_ticket(Ticket.model_validate(data), DEFAULT)
        return next(k.score for c in result.criteria for k in c.checks if k.kind == "closing")

    assert closing("twitter") is None and closing("email") == 0.0
