"""Unanswered questions: said only when it is right to say (rhetorical, venting, answered in
other words and clarified questions are not held against the agent)."""

import pytest

from tests.helpers import conversation, quotes, run


@pytest.mark.parametrize(
    "question",
    [
        "Where is your integrity?",
        "Are you even reading what I write?",
        "Is this how you treat loyal customers?",
        "So I can move to any city I want?",
        "Why do you always ignore my emails?",
        "Can you show me the contract? I guess you don't dare.",
    ],
    ids=["integrity", "reading", "is-this-how", "rising-tone", "always", "self-answered"],
)
def test_rhetorical_and_venting_questions_are_not_unanswered(question: str) -> None:
    conv = conversation(
        ("customer", f"My refund is two weeks late. {question}"),
        ("agent", "Hi Maria, I've checked: the refund was sent today and arrives within 3 days."),
    )
    assert run("questions_answered", conv).value in (None, 1.0)


def test_a_plain_question_met_by_a_deflection_is_unanswered_and_quoted() -> None:
    conv = conversation(
        ("customer", "How do I download last month's invoice?"),
        ("agent", "Please send us a private message with your account number."),
    )
    outcome = run("questions_answered", conv)
    assert outcome.value == 0.0 and quotes(outcome) == ["How do I download last month's invoice?"]


def test_a_plain_question_left_at_the_end_is_unanswered() -> None:
    conv = conversation(
        ("customer", "My parcel is late."),
        ("agent", "Hi Maria, it left our warehouse yesterday and arrives tomorrow."),
        ("customer", "Great. Can I change the delivery address to my office?"),
    )
    assert quotes(run("questions_answered", conv)) == ["Can I change the delivery address to my office?"]


def test_a_question_answered_in_other_words_or_clarified_is_not_held_against_the_agent() -> None:
    other_words = conversation(
        ("customer", "Do you take Mastercard at the station?"),
        ("agent", "Yes, every card is accepted there."),
    )
    clarified = conversation(
        ("customer", "How can I get the invoice for June?"),
        ("agent", "Happy to help — which account is it for, personal or business?"),
    )
    assert run("questions_answered", other_words).value == 1.0
    assert run("questions_answered", clarified).value == 1.0


def test_questions_before_the_customer_confirmed_are_settled() -> None:
    conv = conversation(
        ("customer", "Why does my app crash on start? What should I do?"),
        ("agent", "Hi Maria, does it happen on Wi-Fi too?"),
        ("customer", "Never mind, after the update it works now. Thanks!"),
    )
    assert run("questions_answered", conv).value is None
