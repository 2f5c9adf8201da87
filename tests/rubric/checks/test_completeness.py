"""Completeness & clarity."""

from tests.helpers import conversation, quotes, run


def test_every_question_answered_passes() -> None:
    conv = conversation(
        ("customer", "Can I upgrade mid-month? Do I keep my saved reports?"),
        ("agent", "Hi Maria, you can upgrade any time mid-month and you keep every saved report."),
    )
    assert run("questions_answered", conv).value == 1.0


def test_unanswered_question_is_quoted_from_the_customer() -> None:
    conv = conversation(
        ("customer", "Can I get a refund for the unused months?"),
        ("agent", "Hi Maria, I've refunded the 7 unused months."),
        ("customer", "Thanks. Will I be charged again next month?"),
    )
    outcome = run("questions_answered", conv)
    assert outcome.value == 0.0  # the refund question was settled by the thanks; this one never was
    assert quotes(outcome) == ["Will I be charged again next month?"]
    assert outcome.evidence[0].role == "customer"


def test_a_question_answered_in_other_words_is_not_held_against_the_agent() -> None:
    """Measured on real conversations, most replies without the question's words still answer
    it; only a plain question met by silence or a deflection is flagged."""
    conv = conversation(
        ("customer", "Can I get a refund for the unused months? Will I be charged again next month?"),
        ("agent", "Hi Maria, I've refunded the 7 unused months, and your plan is cancelled."),
    )
    assert run("questions_answered", conv).value == 1.0
    deflected = conversation(
        ("customer", "Hi, how do I export my invoices?"),
        ("agent", "Please send us a private message with your account number."),
    )
    assert quotes(run("questions_answered", deflected)) == ["Hi, how do I export my invoices?"]


def test_small_talk_questions_do_not_count() -> None:
    conv = conversation(("customer", "Hi, how are you? My parcel is late."), ("agent", "Hi, it ships today."))
    assert run("questions_answered", conv).value is None


def test_question_after_the_last_reply_is_unanswered() -> None:
    conv = conversation(
        ("customer", "My export button does nothing."),
        ("agent", "Hi Maria, please try clearing the cache."),
        ("customer", "Is there another way to get my report out?"),
    )
    assert run("questions_answered", conv).value == 0.0


def test_next_steps_pass_with_a_timeframe() -> None:
    conv = conversation(
        ("customer", "Please refund my order."),
        ("agent", "Done: the refund will show within 5 business days."),
    )
    outcome = run("next_steps", conv)
    assert outcome.value == 1.0
    assert quotes(outcome) == ["Done: the refund will show within 5 business days."]


def test_next_steps_fail_quoting_the_end_of_the_last_reply() -> None:
    conv = conversation(("customer", "Please refund my order."), ("agent", "Hi Maria. Refund done."))
    outcome = run("next_steps", conv)
    assert outcome.value == 0.0
    assert quotes(outcome) == ["Refund done."]


def test_next_steps_not_needed_for_a_thank_you() -> None:
    conv = conversation(
        ("customer", "The new update is brilliant."), ("agent", "Thank you, Maria! Passed on.")
    )
    assert run("next_steps", conv).value is None


def test_refusal_without_alternative_fails() -> None:
    conv = conversation(
        ("customer", "Can I get a refund on my annual plan?"),
        ("agent", "Hi Maria, unfortunately we can't refund annual plans after 30 days."),
    )
    outcome = run("alternative_when_no", conv)
    assert outcome.value == 0.0
    assert quotes(outcome) == ["Hi Maria, unfortunately we can't refund annual plans after 30 days."]


def test_refusal_with_alternative_passes() -> None:
    conv = conversation(
        ("customer", "Can I get a refund on my annual plan?"),
        ("agent", "Unfortunately I can't refund it, but what I can do is credit the unused months."),
    )
    assert run("alternative_when_no", conv).value == 1.0


def test_no_refusal_means_no_alternative_needed() -> None:
    conv = conversation(("customer", "Can I get a refund?"), ("agent", "Yes, I've refunded it."))
    assert run("alternative_when_no", conv).value is None


def test_readability_flags_long_sentences_walls_and_jargon() -> None:
    long = "You need to " + " ".join(["check the settings and then"] * 8) + " restart it."
    conv = conversation(
        ("customer", "It won't connect."), ("agent", f"{long}\n\nI escalated it to L2 for you.")
    )
    outcome = run("readability", conv)
    assert outcome.value is not None and outcome.value < 1
    assert quotes(outcome)[0] == long
    assert any("L2" in q for q in quotes(outcome))


def test_readability_passes_short_plain_replies() -> None:
    conv = conversation(
        ("customer", "It won't connect."), ("agent", "Hi Maria. Hold the button for ten seconds.")
    )
    assert run("readability", conv).value == 1.0


def test_readability_limits_come_from_params() -> None:
    conv = conversation(("customer", "It won't connect."), ("agent", "Hold the button for ten long seconds."))
    assert run("readability", conv, max_sentence_words=3).value == 1 - 1 / 3


def test_a_short_numbered_list_is_never_a_wall_of_text() -> None:
    steps = "\n".join(f"{n}. Open Settings and tap item {n}." for n in range(1, 7))
    conv = conversation(("customer", "How do I reset the app?"), ("agent", f"Hi Maria, here's how:\n{steps}"))
    assert run("readability", conv).value == 1.0


def test_advice_for_a_no_without_alternative_uses_no_canned_template() -> None:
    conv = conversation(
        ("customer", "Can I book a table for 12 people on Saturday?"),
        ("agent", "Unfortunately we can't take groups over 10 on Saturdays."),
    )
    advice = run("alternative_when_no", conv).advice or ""
    assert "refund" not in advice and "store credit" not in advice
