"""Resolution & responsiveness: timings use only time the customer waited on the agent."""

from tests.helpers import conversation, quotes, run


def test_first_reply_within_target_passes() -> None:
    conv = conversation(("customer", "Help.", 0), ("agent", "Hi Maria, done.", 60))
    outcome = run("first_reply_time", conv)
    assert outcome.value == 1.0
    assert "60 minutes (target 8 hours)" in outcome.reason


def test_first_reply_uses_the_helpdesk_metric_when_given() -> None:
    conv = conversation(
        ("customer", "Help.", 0), ("agent", "Hi Maria, done.", 60), metrics={"first_reply_minutes": 26 * 60}
    )
    outcome = run("first_reply_time", conv)
    assert outcome.value == 0.0
    assert "26 hours (target 8 hours)" in outcome.reason


def test_first_reply_between_one_and_two_targets_is_half() -> None:
    conv = conversation(("customer", "Help.", 0), ("agent", "Hi Maria, done.", 600))
    assert run("first_reply_time", conv).value == 0.5


def test_customer_wait_excludes_time_the_agent_waited_on_the_customer() -> None:
    conv = conversation(
        ("customer", "It broke.", 0),
        ("agent", "Can you send a photo?", 60),  # customer waited 1 h
        ("customer", "Here it is.", 60 * 24 * 5),  # agent waited 5 days: not counted
        ("agent", "Thanks, a new one ships today.", 60 * 24 * 5 + 120),  # customer waited 2 h
    )
    outcome = run("customer_wait_time", conv)
    assert outcome.value == 1.0
    assert "3 hours" in outcome.reason


def test_customer_wait_fails_quoting_the_reply_after_the_longest_wait() -> None:
    conv = conversation(("customer", "It broke.", 0), ("agent", "Sorry. A new one ships today.", 60 * 50))
    outcome = run("customer_wait_time", conv)
    assert outcome.value == 0.0
    assert quotes(outcome) == ["Sorry."]


def test_reopens_from_metrics() -> None:
    base = (
        ("customer", "Sync stopped."),
        ("agent", "Reconnect it."),
        ("customer", "It stopped syncing again."),
        ("agent", "Fixed for good now."),
    )
    assert run("reopens", conversation(*base, metrics={"reopens": 0})).value == 1.0
    once = run("reopens", conversation(*base, metrics={"reopens": 1}))
    assert once.value == 0.5
    assert quotes(once) == ["It stopped syncing again."]
    assert run("reopens", conversation(*base)).value is None


def test_solution_offered_prefers_a_concrete_action() -> None:
    conv = conversation(
        ("customer", "I was charged twice."),
        ("agent", "Hi Maria, go to billing. I've refunded the duplicate charge."),
    )
    outcome = run("solution_offered", conv)
    assert outcome.value == 1.0 and outcome.praise
    assert quotes(outcome) == ["I've refunded the duplicate charge."]


def test_a_refusal_is_not_a_solution() -> None:
    conv = conversation(
        ("customer", "Can I get a refund?"),
        ("agent", "Hi Maria, unfortunately we can't refund annual plans."),
    )
    assert run("solution_offered", conv).value == 0.0


def test_information_questions_answered_count_as_solved() -> None:
    conv = conversation(
        ("customer", "Is my coffee machine still under warranty?"),
        ("agent", "Hi Maria, yes: the warranty covers 2 years from purchase."),
    )
    assert run("solution_offered", conv).value == 1.0


def test_customer_confirmation_passes_and_silence_is_not_held_against_the_agent() -> None:
    confirmed = conversation(
        ("customer", "Broken."), ("agent", "Try this fix."), ("customer", "That worked, thanks!")
    )
    assert run("customer_confirmed", confirmed).value == 1.0
    silent = conversation(("customer", "Broken."), ("agent", "Try this fix."))
    assert run("customer_confirmed", silent).value is None


def test_solved_while_the_customer_says_it_is_still_broken_fails() -> None:
    conv = conversation(
        ("customer", "Broken."),
        ("agent", "Try this fix."),
        ("customer", "Still not working, I have a deadline."),
    )
    outcome = run("customer_confirmed", conv)
    assert outcome.value == 0.0
    assert quotes(outcome) == ["Still not working, I have a deadline."]


def test_a_refusal_with_an_alternative_counts_as_a_solution() -> None:
    conv = conversation(
        ("customer", "Can I get a refund?"),
        ("agent", "Unfortunately I can't refund it, but I can offer store credit instead."),
    )
    assert run("solution_offered", conv).value == 1.0


def test_timing_checks_do_not_apply_without_times() -> None:
    from rubric.conversation import prepare
    from rubric.model import Ticket

    untimed = prepare(
        Ticket.model_validate(
            {
                "id": "1",
                "messages": [
                    {"author_role": "customer", "body": "Help."},
                    {"author_role": "agent", "body": "Done."},
                ],
            }
        )
    )
    assert run("first_reply_time", untimed).value is None
    assert run("customer_wait_time", untimed).value is None


def test_no_solution_is_owed_for_a_thank_you() -> None:
    conv = conversation(
        ("customer", "The new dark mode is lovely."), ("agent", "Thank you, Maria! Passed on.")
    )
    assert run("solution_offered", conv).value is None
