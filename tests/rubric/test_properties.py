"""Properties over arbitrary input: the scorer never crashes, stays in range, and repeats itself."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rubric.marker import find_marker
from rubric.model import Ticket
from rubric.note import render
from rubric.scoring import score_ticket
from rubric.spec import load_rubric
from rubric.text import normalise_body

DEFAULT = load_rubric()

WORDS = st.sampled_from(
    [
        "Hi",
        "Maria",
        "sorry",
        "frustrated",
        "order",
        "#58213",
        "refund",
        "can't",
        "CALM DOWN",
        "!!",
        "you should have",
        "Let me know",
        "?",
        "thanks",
        "<p>",
        "</p>",
        "<br>",
        "<blockquote>",
        "&amp;",
        "On Mon, Sam wrote:",
        "\n> quoted",
        "\n-- \n",
        "Sent from my iPhone",
        "<script>x</script>",
        "ñandú",
        "日本語",
        "\u200b",
        "\x00",
        "<",
        ">",
        "`",
        "*",
        "[",
        "]",
        "unfortunately",
        "within 2 days",
    ]
)
BODIES = st.one_of(
    st.text(max_size=400),
    st.lists(WORDS, max_size=60).map(" ".join),
    st.lists(WORDS, max_size=30).map(lambda ws: "<div>" + "".join(f"<p>{w}</p>" for w in ws) + "</div>"),
)
ROLES = st.sampled_from(["customer", "agent", "bot", "system"])
TIMES = st.one_of(st.none(), st.datetimes().map(lambda d: d.isoformat()))
MESSAGES = st.lists(
    st.fixed_dictionaries(
        {"author_role": ROLES, "body": BODIES, "public": st.booleans(), "created_at": TIMES}
    ),
    max_size=8,
)
METRICS = st.fixed_dictionaries(
    {
        "first_reply_minutes": st.one_of(st.none(), st.floats(0, 1e6)),
        "reopens": st.one_of(st.none(), st.integers(0, 20)),
    }
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(BODIES)
def test_normalisation_never_crashes_and_returns_folded_text(body: str) -> None:
    text = normalise_body(body)
    assert "\x00" not in text and "\u200b" not in text
    assert text == text.strip()


@SETTINGS
@given(MESSAGES, METRICS)
def test_any_ticket_scores_in_range_deterministically(
    messages: list[dict[str, object]], metrics: dict[str, object]
) -> None:
    ticket = Ticket.model_validate(
        {"id": "p", "messages": messages, "metrics": metrics, "requester": {"name": "Maria Lopez"}}
    )
    first = score_ticket(ticket, DEFAULT)
    assert first == score_ticket(ticket, DEFAULT)
    if first.score is not None:
        assert 0 <= first.score <= 100
    for criterion in first.criteria:
        assert criterion.score is None or 0 <= criterion.score <= 1
        for check in criterion.checks:
            assert check.score is None or 0 <= check.score <= 1
            if check.score is not None and check.score < 1:
                assert check.evidence  # no failing verdict without a quote
    for fmt in ("text", "markdown", "html"):
        note = render(first, fmt)
        assert find_marker(note) is not None
        if fmt == "html":
            assert "<script" not in note
