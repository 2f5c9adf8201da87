"""The scoring rules: scales, weights, N/A, critical failures, evidence and eligibility."""

from rubric.scoring import score_ticket
from rubric.spec import load_rubric, parse_rubric
from tests.helpers import ticket

DEFAULT = load_rubric()

TWO_CRITERIA = """
name = "two"
version = 1
[bands]
great = 90
coach = 50
[[criteria]]
id = "greeting"
title = "Greeting"
weight = 1
scale = 2
checks = [{ kind = "greeting" }]
[[criteria]]
id = "tone"
title = "Tone"
weight = 3
scale = 4
critical = true
checks = [{ kind = "respectful", critical = true }, { kind = "closing" }, { kind = "no_blame" }]
"""
RUBRIC = parse_rubric(TWO_CRITERIA, source="two", base_dir=None)


def test_weighted_mean_over_snapped_criteria() -> None:
    result = score_ticket(
        ticket(
            ("customer", "Where is my parcel?"),
            ("agent", "Your parcel ships today. You should have ordered earlier."),
        ),
        RUBRIC,
    )
    greeting, tone = result.criteria
    assert greeting.score == 0.0 and greeting.selected == 0
    # tone: respectful 1, closing 0, blame 0 → 1/3 → snapped to 1 of 0..3
    assert tone.selected == 1 and tone.score == 1 / 3
    assert result.score == round(100 * (1 * 0 + 3 * (1 / 3)) / 4, 1)
    assert result.band == "review"


def test_critical_failure_zeroes_the_score_and_keeps_the_would_be_score() -> None:
    result = score_ticket(
        ticket(
            ("customer", "It crashes."),
            ("agent", "Hi Maria, calm down. Let me know if anything else comes up."),
        ),
        RUBRIC,
    )
    assert result.failed_critical
    assert result.score == 0.0 and result.band == "review"
    assert result.would_be_score is not None and result.would_be_score > 0
    assert result.reason and result.reason.startswith("critical: ")
    assert result.criteria[1].selected == 0


def test_not_applicable_checks_leave_the_denominator() -> None:
    result = score_ticket(
        ticket(
            ("customer", "Do you ship to Canada?"),
            ("agent", "Hi Maria, yes, we ship to Canada. Let me know if anything else comes up."),
            ("customer", "Great, thanks!"),
        ),
        DEFAULT,
    )
    empathy = result.criteria[0]
    assert empathy.score is None and empathy.selected is None
    assert result.score == 100.0
    assert result.coverage < 1


def test_failing_verdicts_must_rest_on_a_verbatim_quote() -> None:
    from rubric.checks.base import Evidence, Outcome
    from rubric.conversation import prepare
    from rubric.scoring import _verified

    conv = prepare(ticket(("customer", "Hi."), ("agent", "Hello Maria.")))
    invented = Outcome(0.0, "made up", (Evidence(1, "agent", "words nobody wrote"),), advice="x")
    assert _verified(invented, conv).value is None
    real = Outcome(0.0, "real", (Evidence(1, "agent", "Hello Maria."),), advice="x")
    assert _verified(real, conv).value == 0.0


def test_tickets_without_a_customer_or_agent_or_words_are_not_scorable() -> None:
    no_agent = score_ticket(ticket(("customer", "Hello?"), ("bot", "Try this article.")), DEFAULT)
    assert no_agent.status == "not_scorable" and no_agent.score is None
    assert "no agent replied" in (no_agent.reason or "")
    assert (
        score_ticket(ticket(("agent", "Hi, following up on your order.")), DEFAULT).reason
        == "there is no message from the customer"
    )
    assert "too short" in (
        score_ticket(ticket(("customer", "Thanks"), ("agent", "Welcome!")), DEFAULT).reason or ""
    )


def test_other_languages_are_not_scored_on_english_checks() -> None:
    result = score_ticket(
        ticket(
            (
                "customer",
                "Hola, mi licuadora llegó con el vaso roto y necesito una solución antes del sábado.",
            ),
            (
                "agent",
                "Hola Carmen, lamento mucho lo ocurrido. Te he enviado un vaso de repuesto por mensajería.",
            ),
        ),
        DEFAULT,
    )
    assert result.language == "es"
    assert result.status == "not_scorable"
    assert "Spanish" in (result.reason or "")
    listening = next(c for c in result.criteria if c.id == "listening")
    assert all("Spanish" in k.reason for k in listening.checks)


def test_the_helpdesk_language_wins_over_detection() -> None:
    result = score_ticket(
        ticket(
            ("customer", "My order is late, where is it please?"),
            ("agent", "Hi Maria, it ships today and arrives tomorrow."),
            language="de-DE",
        ),
        DEFAULT,
    )
    assert result.language == "de"


def test_same_input_same_result() -> None:
    t = ticket(("customer", "My jar arrived cracked!!"), ("agent", "Hi Maria, sorry! A new jar ships today."))
    assert score_ticket(t, DEFAULT).model_dump() == score_ticket(t, DEFAULT).model_dump()


def test_result_records_rubric_fingerprint_and_people() -> None:
    result = score_ticket(
        ticket(
            ("customer", "Hi, help?"),
            ("agent", "Hi Maria, happy to help today."),
            assignee={"name": "Sam Park"},
        ),
        DEFAULT,
    )
    assert result.rubric.name == "default" and result.rubric.version == 2 and result.rubric.digest
    assert len(result.fingerprint) == 16
    assert result.customer_name == "Maria" and result.agent_name == "Sam Park"
