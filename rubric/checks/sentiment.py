"""VADER's compound score, with an exact shortcut for text that cannot score below zero.

VADER walks every character in Python (to swap emoji for words) before it scores a word, so a
call costs ~0.15 ms. Most customer sentences are neutral or positive, and the empathy check
only asks whether a sentence is clearly negative. In VADER, valence comes only from lexicon
words. A word that is not negative turns negative only through a negator before it ("not",
"n't", "no", "least"), a dampener ("slightly", "kind of") or a negative idiom ("yeah right").
A zero-valence word in capitals turns negative too. Text with none of these scores zero or
more, so VADER need not run for it. Emoji become words first, so non-ASCII text always goes
to VADER.
"""

from __future__ import annotations

import string
from functools import lru_cache

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)


@lru_cache(maxsize=1)
def analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _negative_cues() -> tuple[frozenset[str], tuple[str, ...]]:
    """Tokens, and phrases of several words, that can make VADER's score negative."""
    lexicon = analyzer().lexicon
    tokens = {word for word, valence in lexicon.items() if valence <= 0}
    tokens |= set(NEGATE) | {"least"}
    dampeners = [word for word, scalar in BOOSTER_DICT.items() if scalar < 0]
    tokens |= {word for word in dampeners if " " not in word}
    phrases = [word for word in dampeners if " " in word]
    phrases += [idiom for idiom, valence in SPECIAL_CASES.items() if valence <= 0]
    return frozenset(tokens), tuple(phrases)


def _vader_token(token: str) -> str:
    stripped = token.strip(string.punctuation)
    return token if len(stripped) <= 2 else stripped


def may_be_negative(text: str) -> bool:
    """False only when VADER's compound score for `text` is certain to be 0 or more."""
    if not text.isascii():
        return True  # emoji are rewritten as words first: only VADER knows what they add
    cues, phrases = _negative_cues()
    # VADER's own tokens (SentiText's, without its capitals pass): split on whitespace,
    # punctuation stripped unless that leaves 2 characters or fewer.
    lowered = [_vader_token(token) for token in text.lower().split()]
    if any(token in cues or "n't" in token for token in lowered):
        return True
    joined = " ".join(lowered)
    return any(phrase in joined for phrase in phrases)


def compound(text: str, below: float) -> float | None:
    """VADER's compound score for `text`, or None when it is certain not to be ≤ `below`.

    The shortcut holds for a negative `below` only; otherwise every text goes to VADER.
    """
    text = text[:MAX_CHARS]
    if below < 0 and not may_be_negative(text):
        return None
    return _polarity(text)


MAX_CHARS = 1_000  # VADER's cost grows with the square of the words: a mood is read from the start


@lru_cache(maxsize=4096)  # several checks read the same message's mood; VADER is quadratic in words
def _polarity(text: str) -> float:
    return float(analyzer().polarity_scores(text)["compound"])
