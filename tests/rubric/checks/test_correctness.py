"""Correctness is never guessed."""

from tests.helpers import conversation, run


def test_correctness_is_not_judged_without_a_knowledge_source() -> None:
    conv = conversation(("customer", "Is it 2 years?"), ("agent", "Yes, it is 2 years."))
    outcome = run("knowledge_judge", conv)
    assert outcome.value is None
    assert outcome.reason == "no knowledge source configured"
