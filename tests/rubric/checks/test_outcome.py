"""Rubric v2, outcome first: each principle shown on a conversation written for it."""

import pytest

from tests.helpers import conversation, quotes, run


# 1. Score the outcome: the customer's last word after the agent's help.
def test_a_confirmed_fix_is_the_best_outcome_and_praise_quotes_the_agent() -> None:
    conv = conversation(
        ("customer", "My router keeps dropping the connection every evening."),
        ("agent", "Hi Maria, I've moved your line to a new port; the drops should stop tonight."),
        ("customer", "It's been stable all evening, thank you!"),
    )
    outcome = run("customer_outcome", conv)
    assert outcome.value == 1.0 and outcome.praise
    assert outcome.evidence[0].role == "agent"  # the sentence that did it, not the thanks
    assert "moved your line" in outcome.evidence[0].quote


def test_a_missing_confirmation_does_not_score_like_one() -> None:
    conv = conversation(
        ("customer", "Can you change my delivery day to Friday?"),
        ("agent", "Hi Maria, done: your delivery now arrives on Friday between 8 and 12."),
    )
    assert run("customer_outcome", conv).value == 0.75


@pytest.mark.parametrize(
    "last_word",
    [
        "It still doesn't work, and I've tried everything you said.",
        "This is useless. I'm going to cancel my subscription and switch to another provider.",
        "Nobody has called me. Terrible service.",
    ],
    ids=["still-broken", "threat-to-leave", "complaint"],
)
def test_an_unresolved_last_complaint_counts_against(last_word: str) -> None:
    conv = conversation(
        ("customer", "My router keeps dropping the connection every evening."),
        ("agent", "Hi Maria, please restart the router and check again tonight."),
        ("customer", last_word),
    )
    outcome = run("customer_outcome", conv)
    assert outcome.value == 0.0 and quotes(outcome)[0] in last_word


def test_the_same_question_again_at_the_end_means_it_did_not_work() -> None:
    conv = conversation(
        ("customer", "When will my replacement battery pack be shipped to me?"),
        ("agent", "Hi Maria, thanks for waiting. We are looking into it."),
        ("customer", "Sorry, but when will my replacement battery pack be shipped?"),
    )
    assert run("customer_outcome", conv).value == 0.0


def test_thanks_in_a_negative_message_is_not_a_confirmation() -> None:
    conv = conversation(
        ("customer", "My invoice shows the wrong plan."),
        ("agent", "Hi Maria, we have recorded it and passed it to the relevant department."),
        ("customer", "OK thanks, but this is a disaster and I am furious that nothing happened."),
    )
    assert run("customer_outcome", conv).value == 0.5


# 2. A concrete answer is a solution; a deflection is not, however polite.
@pytest.mark.parametrize(
    "reply",
    [
        "Please click Billing, then Invoices, then Download.",
        "This happens because the app caches your old password; reinstalling clears it.",
        "I've refunded the duplicate charge; you'll see it within 3 days.",
        "Your replacement will arrive on Thursday.",
    ],
    ids=["steps", "diagnosis", "done", "date"],
)
def test_a_concrete_answer_counts(reply: str) -> None:
    conv = conversation(
        ("customer", "I was charged twice and can't download my invoice. Can you help?"), ("agent", reply)
    )
    assert run("concrete_answer", conv).value == 1.0


@pytest.mark.parametrize(
    "reply",
    [
        "Thank you for your message! Please send us a private message with your account details.",
        "We are sorry for the trouble. I've passed it to the relevant department.",
        "Thanks for your feedback, please wait patiently.",
        "For this please call our customer service hotline on 0800 123 456.",
    ],
    ids=["private-message", "relevant-department", "wait-patiently", "phone-number"],
)
def test_a_deflection_is_not_an_answer_however_polite(reply: str) -> None:
    conv = conversation(("customer", "My order 55091 never arrived. What happened to it?"), ("agent", reply))
    outcome = run("concrete_answer", conv)
    assert outcome.value == 0.0 and "passes the customer on" in (outcome.advice or "")


def test_a_reply_the_customer_confirmed_counts_as_an_answer() -> None:
    conv = conversation(
        ("customer", "The app shows a blank screen after the update."),
        ("agent", "Hi Maria, sorry about that. Does it look the same after a restart of the phone?"),
        ("customer", "Yes, after the restart it works now, thanks!"),
    )
    assert run("concrete_answer", conv).value == 0.75


def test_thanks_alone_needs_no_answer() -> None:
    conv = conversation(
        ("customer", "Just wanted to say the new dark mode is lovely, great work!"),
        ("agent", "Thank you so much, Maria, I've passed it to the design team."),
    )
    assert run("concrete_answer", conv).value is None


# 8. A next step has a what and a when.
def test_a_next_step_with_a_time_beats_a_vague_promise() -> None:
    dated = conversation(
        ("customer", "Please replace my cracked blender jar."),
        ("agent", "Hi Maria, the replacement ships tomorrow; the tracking link follows by 5 pm."),
    )
    vague = conversation(
        ("customer", "Please replace my cracked blender jar."),
        ("agent", "Hi Maria, thanks, we will check and get back to you."),
    )
    assert run("next_step_when", dated).value == 1.0
    outcome = run("next_step_when", vague)
    assert outcome.value == 0.25 and "without saying when" in outcome.reason
