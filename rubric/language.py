"""Language detection, once per ticket on the pooled human text."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

# Below this many characters a guess is noise ("Danke" comes back as Danish).
MIN_CHARS = 40
# A guess less sure than this is no reason to withhold a score.
MIN_PROBABILITY = 0.80
# Detection time grows with length; a few sentences decide the language as well as a page.
_SAMPLE_CHARS = 600


# English function words. When they make up a good share of the text, the text is English
# beyond doubt and the statistical model (~0.3 ms a call) is not needed.
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "to",
        "you",
        "your",
        "is",
        "it",
        "i",
        "my",
        "for",
        "of",
        "a",
        "in",
        "that",
        "this",
        "we",
        "on",
        "have",
        "be",
        "with",
        "can",
        "are",
        "was",
        "not",
        "me",
        "our",
        "will",
        "please",
        "thanks",
        "thank",
        "be",
        "do",
        "at",
        "so",
        "if",
        "but",
        "as",
    ]
)
_ENGLISH_SHARE = 0.30


def _clearly_english(sample: str) -> bool:
    tokens = sample.lower().split()[:120]
    if len(tokens) < 8:
        return False
    hits = sum(1 for token in tokens if token.strip(".,!?;:()\"'") in _ENGLISH)
    return hits / len(tokens) >= _ENGLISH_SHARE


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code, or None when the text is too short or the guess too unsure."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    if _clearly_english(sample):
        return "en"
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= MIN_PROBABILITY else None
