"""Phrase matching: the anchor pre-filter only saves time, it never changes a match."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rubric.checks.completeness import REFUSAL_PHRASES
from rubric.checks.phrases import _compile, compile_phrases
from rubric.checks.signals import FAULT_CUES, REQUEST_CUES, STILL_BROKEN
from rubric.spec import load_rubric


def _phrase_lists() -> list[tuple[str, ...]]:
    """Every phrase list the default rubric's checks scan with, and the shared cue lists."""
    found: list[tuple[str, ...]] = [FAULT_CUES, REQUEST_CUES, STILL_BROKEN, REFUSAL_PHRASES]
    for criterion in load_rubric().criteria:
        for check in criterion.checks:
            for value in check.params.model_dump().values():
                # A phrase list is a tuple of strings, or a dict of phrase → rewrite.
                strings = isinstance(value, dict | tuple | list) and all(isinstance(v, str) for v in value)
                if value and strings:
                    found.append(tuple(value))
    return found


LISTS = _phrase_lists()
# Text built from the phrases' own literal pieces, so that anchors occur, half-occur and mix.
PIECES = sorted({piece for phrases in LISTS for p in phrases for piece in re.split(r"[^\w' ]+", p) if piece})
TEXT = st.lists(
    st.one_of(st.sampled_from(PIECES), st.sampled_from([" ", ". ", "\n", "!!", "2 ", "I'M ", "’s"])),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(range(len(LISTS))))
def test_scan_finds_what_one_regex_of_every_phrase_finds(text: str, which: int) -> None:
    phrases = LISTS[which]
    everything = [(m.start(), m.group(0)) for m in _compile(tuple(phrases)).finditer(text)]
    assert compile_phrases(phrases).scan(text, text.lower()) == everything


def test_phrases_without_a_literal_are_always_scanned() -> None:
    phrases = compile_phrases(("[0-9]{3}", "sorry"))
    assert phrases.always == 1
    assert phrases.scan("order 123, no apology", "order 123, no apology") == [(6, "123")]


def test_a_text_with_no_anchor_costs_no_regex() -> None:
    phrases = compile_phrases(("i'm sorry", "apologi[sz]e"))
    assert phrases.candidates("thanks, all good") == 0


def test_a_phrase_that_starts_with_a_word_does_not_match_inside_one() -> None:
    """A group of words at the start gets the same boundary as a plain word does."""
    empathy = compile_phrases(("(?:is|was) frustrating",))
    assert empathy.search("This frustrating delay is on us.") is None
    assert empathy.search("I know it is frustrating.") == "is frustrating"
    assert compile_phrases(("\\d+ days",)).search("in 3 days, not ab3 days") == "3 days"
    assert compile_phrases(("!{2,}",)).search("no!!") == "!!"


def test_a_required_group_gives_the_anchors_when_no_plain_run_does() -> None:
    phrases = compile_phrases(("(?:it |that )?(?:works?|worked)(?: now)?",))
    assert phrases.always == 0
    assert phrases.candidates("thanks, all good") == 0
    assert phrases.search("It works now, thanks") == "It works now"
