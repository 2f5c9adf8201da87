"""Language detection, once per ticket on the pooled human text."""

from __future__ import annotations

import re
from functools import lru_cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from rubric.dictionary import english_words

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
    "es": "el la los las que y en por para con una del se es mi mis su sus gracias hola pero está muy al lo",
    "fr": "le les et est une des du pas vous nous je ma mon mes votre qui été avec pour dans cette au aux "
    "merci bonjour n'est c'est qu'il qu'elle s'il",
    "de": "der die das und ist nicht ich sie mit auf ein eine mein meine bitte danke wurde habe für auch",
    "nl": "het een van niet ik je mijn bedankt alstublieft maar voor zijn dat",
    "pt": "não com uma os você meu minha obrigado olá foi pode ainda mas em na da",
    "it": "il che per non sono della mio mia grazie buongiorno è ancora gli alla perché",
}
_OTHERS = frozenset(word for words in _OTHER_WORDS.values() for word in words.split())
_OTHER_SETS = {code: frozenset(words.split()) for code, words in _OTHER_WORDS.items()}
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
    """ISO 639-1 code, or None when the text is too short or the guess too unsure.

    The statistical model costs ~75 MB once loaded, so it is asked only when nothing cheaper
    decides: English by its function words, a language of another script by its letters, the
    languages most often met beside English by theirs."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    if _clearly_english(sample):
        return "en"
    cheap = _by_script(sample) or _by_function_words(sample) or _by_english_words(sample)
    if cheap is not None:
        return cheap
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= MIN_PROBABILITY else None


# Scripts that name their language (or the one a helpdesk most likely meets in them).
_SCRIPTS = (
    ("zh", 0x4E00, 0x9FFF),
    ("ja", 0x3040, 0x30FF),
    ("ko", 0xAC00, 0xD7AF),
    ("ru", 0x0400, 0x04FF),
    ("ar", 0x0600, 0x06FF),
    ("he", 0x0590, 0x05FF),
    ("el", 0x0370, 0x03FF),
    ("th", 0x0E00, 0x0E7F),
    ("hi", 0x0900, 0x097F),
)


def _by_script(sample: str) -> str | None:
    """The language of a text mostly written in a non-Latin script (kana before kanji: a
    Japanese text holds both)."""
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    counts = {code: 0 for code, _, _ in _SCRIPTS}
    for ch in letters:
        point = ord(ch)
        for code, low, high in _SCRIPTS:
            if low <= point <= high:
                counts[code] += 1
                break
    if counts["ja"] >= 0.1 * len(letters):
        return "ja"
    code, found = max(counts.items(), key=lambda item: item[1])
    return code if found >= 0.5 * len(letters) else None


# Latin-script words: letters, an inner apostrophe ("don't").
_WORD = re.compile(r"[^\W\d_]{2,}(?:'[^\W\d_]+)?")
# Text in other Latin-script languages shares a word with English now and then ("no", "ma",
# "per"): under 40 % of the words in tests across ten languages. English that the function
# words missed (short lines, names, @mentions) reaches 80 % and more.
_ENGLISH_WORDS_SHARE = 0.80


def _by_english_words(sample: str) -> str | None:
    """English, when nearly every word is in the English word list the spelling check loads
    anyway (the statistical model costs far more to load)."""
    words = _WORD.findall(sample.lower())
    if len(words) < 8:
        return None
    known = english_words()
    share = sum(word in known for word in words) / len(words)
    return "en" if share >= _ENGLISH_WORDS_SHARE else None


def _by_function_words(sample: str) -> str | None:
    """A language of the table by its function words, when they are plenty and one leads."""
    tokens = [token.strip(".,!?;:()\"'¿¡") for token in sample.lower().split()[:120]]
    if len(tokens) < 8:
        return None
    found = {code: sum(w in words for w in tokens) / len(tokens) for code, words in _OTHER_SETS.items()}
    shares = sorted(((share, code) for code, share in found.items()), reverse=True)
    (best, code), (second, _) = shares[0], shares[1]
    return code if best >= 0.15 and best >= 2 * second else None
