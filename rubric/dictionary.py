"""The English word list, loaded once: the spelling check reads it, and so does language
detection when function words alone do not decide."""

from __future__ import annotations

from functools import lru_cache

from spellchecker import SpellChecker


@lru_cache(maxsize=1)
def spellchecker() -> SpellChecker:
    return SpellChecker(distance=1)


def english_words() -> dict[str, int]:
    """Word → frequency: a plain dict, membership is all most callers need."""
    words: dict[str, int] = spellchecker().word_frequency.dictionary
    return words
