"""Process set-up before scoring: word lists loaded once, the heap frozen, scoring unchanged."""

import gc
from collections.abc import Iterator

import pytest

from connector.runtime import prepare_for_scoring
from rubric.dictionary import spellchecker
from rubric.scoring import score_ticket
from rubric.spec import load_rubric
from tests.helpers import ticket


@pytest.fixture
def thawed() -> Iterator[None]:
    yield
    gc.unfreeze()  # other tests expect a collector that sees everything


def test_the_word_lists_are_loaded_and_the_heap_frozen(thawed: None) -> None:
    spellchecker.cache_clear()
    prepare_for_scoring()
    assert spellchecker.cache_info().currsize == 1
    assert gc.get_freeze_count() > 0


def test_scores_are_the_same_after_the_freeze(thawed: None) -> None:
    rubric = load_rubric()
    sample = ticket(
        ("customer", "My order 58213 arrived damaged. I'm really frustrated."),
        ("agent", "Hi Maria, I'm so sorry about that. I've sent a replacement today."),
    )
    before = score_ticket(sample, rubric)
    prepare_for_scoring()
    assert score_ticket(sample, rubric) == before
