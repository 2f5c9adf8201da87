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
        "i'm",
        "it's",
        "don't",
        "i've",
        "we've",
        "has",
        "had",
        "been",
        "an",
        "or",
        "from",
        "by",
        "what",
        "when",
        "how",
        "they",
        "there",
        "after",
        "again",
    ]
)
_ENGLISH_SHARE = 0.30
# Function words of the languages most often met beside English. Text with a fair share of
# English ones and none of these is English too: the model (~90 MB once loaded) stays unloaded
# on a helpdesk that only ever sees English.
_OTHER_WORDS = {
    "es": "el la los las que y en por para con una del se es",
    "fr": "le les et est une des du pas vous nous je",
    "de": "der die das und ist nicht ich sie mit auf ein eine",
    "nl": "het een van niet ik je",
    "pt": "não com uma os você",
    "it": "il che per non sono della",
}
_OTHERS = frozenset(word for words in _OTHER_WORDS.values() for word in words.split())
_ENGLISH_ONLY_SHARE = 0.20


def _clearly_english(sample: str) -> bool:
    tokens = [token.strip(".,!?;:()\"'") for token in sample.lower().split()[:120]]
    if len(tokens) < 8:
        return False
    share = sum(map(_ENGLISH.__contains__, tokens)) / len(tokens)
    if share >= _ENGLISH_SHARE:
        return True
    return share >= _ENGLISH_ONLY_SHARE and _OTHERS.isdisjoint(tokens)


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
