"""Active listening & personalisation."""

from tests.helpers import conversation, quotes, run


def test_uses_name_passes_when_the_name_appears() -> None:
    conv = conversation(("customer", "Hi, my order is late."), ("agent", "Hi Maria, it ships today."))
    assert run("uses_name", conv).value == 1.0


def test_uses_name_fails_quoting_the_opening() -> None:
    conv = conversation(("customer", "Hi, my order is late."), ("agent", "Hello. It ships today."))
    outcome = run("uses_name", conv)
    assert outcome.value == 0.0
    assert quotes(outcome) == ["Hello."]
    assert "Hi Maria" in (outcome.advice or "")


def test_uses_name_not_applicable_when_the_name_is_unknown() -> None:
    conv = conversation(
        ("customer", "Hi, my order is late."),
        ("agent", "Hello, it ships today."),
        customer="maria@example.com",
    )
    assert run("uses_name", conv).value is None


def test_restating_the_specifics_passes() -> None:
    conv = conversation(
        ("customer", "My blender jar arrived cracked and I need it before Saturday."),
        (
            "agent",
            "Hi Maria! So the blender jar arrived cracked and you need it by Saturday. I've sent a new jar.",
        ),
    )
    outcome = run("restates_problem", conv)
    assert outcome.value == 1.0
    assert "blender jar arrived cracked" in quotes(outcome)[0]


def test_a_question_asking_for_details_is_not_a_restatement() -> None:
    conv = conversation(
        ("customer", "I returned the shoes and the refund for order 66104 never came."),
        ("agent", "What is your order number for the refund?"),
    )
    outcome = run("restates_problem", conv)
    assert outcome.value == 0.0
    assert '"66104"' in (outcome.advice or "")  # the most specific detail first, in the customer's words


def test_asking_again_for_an_order_number_fails_with_both_quotes() -> None:
    conv = conversation(
        ("customer", "My refund hasn't arrived. My order number is 66104."),
        ("agent", "Hi Maria, could you send me your order number?"),
    )
    outcome = run("no_repeat_questions", conv)
    assert outcome.value == 0.0
    assert quotes(outcome) == ["Hi Maria, could you send me your order number?", "My order number is 66104."]


def test_asking_again_for_an_email_address_fails() -> None:
    conv = conversation(
        ("customer", "I'm locked out. My email is maria@example.com."),
        ("agent", "Could you confirm your email address?"),
    )
    assert run("no_repeat_questions", conv).value == 0.0


def test_using_the_given_details_passes() -> None:
    conv = conversation(
        ("customer", "Order 66104 has not arrived."),
        ("agent", "Hi Maria, I've checked order 66104: it arrives tomorrow."),
    )
    assert run("no_repeat_questions", conv).value == 1.0


def test_no_details_given_means_nothing_to_repeat() -> None:
    conv = conversation(("customer", "Can I change my password?"), ("agent", "Yes: Settings, then Security."))
    assert run("no_repeat_questions", conv).value is None


def test_restating_is_not_needed_when_the_customer_raised_nothing() -> None:
    conv = conversation(
        ("customer", "Just wanted to say the new dark mode is lovely."),
        ("agent", "Hi Maria, thank you so much for telling us!"),
    )
    assert run("restates_problem", conv).value is None


# 5. Repetition means failure.
def test_the_customer_asking_the_same_thing_again_counts() -> None:
    conv = conversation(
        ("customer", "My invoice for November shows the wrong company address."),
        ("agent", "Hi Maria, thanks, we have noted it."),
        ("customer", "As I said, my November invoice shows the wrong company address."),
        ("agent", "Hi Maria, I've corrected the address and re-sent the invoice."),
    )
    outcome = run("no_repetition", conv)
    assert outcome.value == 0.0 and "repeat" in (outcome.advice or "")


def test_near_identical_replies_in_a_row_count() -> None:
    template = (
        "Thank you for your feedback, please provide your number via private message so we can verify it."
    )
    conv = conversation(
        ("customer", "My broadband drops every hour."),
        ("agent", template),
        ("customer", "I already sent it yesterday."),
        ("agent", "Hello! " + template),
    )
    assert run("no_repetition", conv).value == 0.0


def test_restating_advice_names_specific_details_never_filler() -> None:
    conv = conversation(
        ("customer", "@Acme Support It seems the small blender jar arrived cracked again."),
        ("agent", "Hi Maria, thanks for getting in touch. We will sort it."),
    )
    advice = run("restates_problem", conv).advice or ""
    assert '"blender"' in advice and "seems" not in advice and "small" not in advice and "Acme" not in advice
