"""The sentiment shortcut: VADER is skipped only for text it would score zero or more."""

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rubric.checks.sentiment import analyzer, compound, may_be_negative
from rubric.text import normalise_body, sentences

EXAMPLES = Path(__file__).parents[3] / "examples" / "tickets.jsonl"


def _vader(text: str) -> float:
    return float(analyzer().polarity_scores(text)["compound"])


# Words that can swing VADER either way, beside plain ones: lexicon words of both signs,
# negators, dampeners and boosters, 'but', idioms, capitals, and punctuation VADER weighs.
TOKENS = st.sampled_from(
    [
        "good", "great", "happy", "thanks", "love", "fine", "ok", "GOOD", "GREAT", "HAPPY",
        "bad", "terrible", "refund", "broken", "no", "not", "isn't", "never", "without", "least",
        "at", "very", "slightly", "barely", "kind", "sort", "of", "just", "enough", "kinda",
        "but", "so", "this", "yeah", "right", "kiss", "death", "the", "bomb", "order", "parcel",
        "arrived", "today", "please", "can", "you", "help", "I", "it", "was", "is", "!", "?",
        "!!", "??", ":)", ":(", ",", ".", "doubt", "nor", "or", "JOB", "fix", "works",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(TOKENS, min_size=1, max_size=25))
def test_text_judged_not_negative_never_scores_below_zero(tokens: list[str]) -> None:
    text = " ".join(tokens)
    if not may_be_negative(text):
        assert _vader(text) >= 0, text


def test_every_example_sentence_agrees_with_vader() -> None:
    for line in EXAMPLES.read_text(encoding="utf-8").splitlines():
        for message in json.loads(line)["messages"]:
            for sentence in sentences(normalise_body(message["body"])):
                if not may_be_negative(sentence):
                    assert _vader(sentence) >= 0, sentence


def test_negators_dampeners_and_idioms_send_text_to_vader() -> None:
    for text in ("not good", "It isn't great", "least helpful", "slightly happy", "kind of fine",
                 "yeah right", "the kiss of death", "no help"):  # fmt: skip
        assert may_be_negative(text), text


def test_text_with_emoji_always_goes_to_vader() -> None:
    assert may_be_negative("Thanks 😡")
    assert compound("Thanks 😡", -0.35) == _vader("Thanks 😡")


def test_plain_positive_text_skips_vader_only_for_a_negative_threshold() -> None:
    assert compound("Thanks, that worked perfectly.", -0.35) is None
    assert compound("Thanks, that worked perfectly.", 0.2) == _vader("Thanks, that worked perfectly.")
