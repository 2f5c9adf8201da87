"""Empathy & acknowledgement: asked for only when there was a call for it."""

from tests.helpers import conversation, quotes, run


def test_acknowledgement_passes_with_the_agents_words_as_evidence() -> None:
    conv = conversation(
        ("customer", "This is the second time my order arrived broken. I'm really frustrated."),
        ("agent", "Hi Maria, I'm so sorry — I can see how frustrating that is. I've sent a new one."),
    )
    outcome = run("acknowledge_feelings", conv)
    assert outcome.value == 1.0
    assert quotes(outcome) == ["Hi Maria, I'm so sorry — I can see how frustrating that is."]
    assert outcome.praise


def test_acknowledgement_fails_quoting_what_upset_the_customer() -> None:
    conv = conversation(
        ("customer", "Where is my parcel? This is unacceptable, I paid for express."),
        ("agent", "Hi Maria, your parcel ships tomorrow."),
    )
    outcome = run("acknowledge_feelings", conv)
    assert outcome.value == 0.0
    assert quotes(outcome) == ["This is unacceptable, I paid for express."]
    assert outcome.evidence[0].role == "customer"


def test_acknowledgement_is_not_applicable_when_the_customer_is_calm() -> None:
    conv = conversation(
        ("customer", "Hi, could you tell me when the blue kettle is back in stock?"),
        ("agent", "Hi Maria, it's back on Monday."),
    )
    assert run("acknowledge_feelings", conv).value is None


def test_negative_sentiment_without_cue_words_counts_as_upset() -> None:
    conv = conversation(
        ("customer", "The service has been bad and the staff were rude and unhelpful."),
        ("agent", "Hi Maria, thanks for telling us. I've passed this to the store manager."),
    )
    outcome = run("acknowledge_feelings", conv)
    assert outcome.value == 0.0


def test_apology_required_when_something_went_wrong_on_our_side() -> None:
    conv = conversation(
        ("customer", "The jar arrived cracked."),
        ("agent", "Hi Maria, I've sent a new jar today."),
    )
    outcome = run("apology_when_at_fault", conv)
    assert outcome.value == 0.0
    assert quotes(outcome) == ["The jar arrived cracked."]


def test_apology_given_passes() -> None:
    conv = conversation(
        ("customer", "The jar arrived cracked."),
        ("agent", "Hi Maria, sorry about the jar! I've sent a new one today."),
    )
    assert run("apology_when_at_fault", conv).value == 1.0


def test_apology_not_applicable_without_a_fault() -> None:
    conv = conversation(("customer", "Do you ship to Canada?"), ("agent", "Yes, we do ship to Canada."))
    assert run("apology_when_at_fault", conv).value is None


def test_cue_lists_can_be_replaced_by_the_rubric() -> None:
    conv = conversation(("customer", "Meh, the widget is wobbly."), ("agent", "Hi, I've sent a new widget."))
    assert run("apology_when_at_fault", conv).value is None
    assert run("apology_when_at_fault", conv, fault_cues=["wobbly"]).value == 0.0


def test_one_negative_sentence_in_a_warm_message_is_not_upset() -> None:
    """The sentiment reading needs both: a clearly negative sentence, and a negative whole."""
    conv = conversation(
        ("customer", "Thanks so much, you are wonderful and brilliant, lovely help! The lid was bad."),
        ("agent", "Hi Maria, glad to hear it. I've sent a new lid."),
    )
    assert run("acknowledge_feelings", conv).value is None


# 3. Never reward phrases for being present: empathy only when the customer is upset, and then
# acknowledgement *with* action.
def test_sympathy_without_action_scores_low_and_with_action_full() -> None:
    words_only = conversation(
        ("customer", "This is the third time my parcel is late and I'm furious."),
        ("agent", "We are so sorry for the inconvenience. We understand your frustration."),
    )
    acted = conversation(
        ("customer", "This is the third time my parcel is late and I'm furious."),
        (
            "agent",
            "I'm so sorry, Maria — three late parcels is not okay. I've sent a new one by express today.",
        ),
    )
    assert run("acknowledged_and_acted", words_only).value == 0.25
    assert run("acknowledged_and_acted", acted).value == 1.0


def test_a_neutral_problem_description_is_not_an_upset_customer() -> None:
    conv = conversation(
        ("customer", "The card payment failed to charge at checkout. What should I do?"),
        ("agent", "Hi Maria, please try again from the Orders page; it goes through now."),
    )
    assert run("acknowledged_and_acted", conv).value is None
