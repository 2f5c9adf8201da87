"""Content words: what a message is about, for matching questions to answers and details."""

from __future__ import annotations

from functools import lru_cache

from rubric.text import words

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "get",
        "got",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "just",
        "let's",
        "like",
        "me",
        "more",
        "most",
        "much",
        "my",
        "myself",
        "need",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "please",
        "same",
        "she",
        "should",
        "shouldn't",
        "so",
        "some",
        "such",
        "than",
        "thank",
        "thanks",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they're",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "want",
        "was",
        "wasn't",
        "way",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "won't",
        "would",
        "wouldn't",
        "yes",
        "yet",
        "you",
        "you'd",
        "you'll",
        "you're",
        "you've",
        "your",
        "yours",
        "yourself",
        "hi",
        "hello",
        "hey",
        "dear",
        "regards",
        "best",
        "kind",
        "help",
        "know",
        "still",
        "really",
        "also",
        "just",
        "one",
        "two",
        "would",
        "could",
        "maybe",
        "sure",
        "okay",
        "ok",
        "able",
        "tell",
        "said",
        "says",
        "see",
        "look",
        "looking",
        "going",
        "make",
        "made",
        "take",
        "well",
        "back",
        "today",
        "tomorrow",
        "time",
        "next",
        "last",
        "even",
        "instead",
        "anything",
        "something",
        "everything",
        "thing",
        "things",
    ]
)

_SUFFIXES = ("ments", "ment", "ing", "ed", "es", "s")


@lru_cache(maxsize=16384)  # common words stay; ticket-only ones (names, numbers) cycle out
def stem(word: str) -> str:
    """A deliberately crude stem: 'charged'/'charge' → 'charg', 'replacement'/'replaced' → 'replac'."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def content_words(text: str, *, exclude: frozenset[str] = frozenset()) -> dict[str, str]:
    """Stems of the words that carry meaning, each with the first word it came from, in order.
    Numbers of three or more digits count (an order number played back is a strong detail).
    Shared from a cache for ordinary messages: read it, never change it."""
    if len(text) > CACHED_TEXT_CHARS:  # a long text is computed each time: the cache stays small
        return _content_words(text, exclude)
    return _cached_content_words(text, exclude)


CACHED_TEXT_CHARS = 2_000


@lru_cache(maxsize=4096)  # the repetition and question checks compare the same messages pairwise
def _cached_content_words(text: str, exclude: frozenset[str]) -> dict[str, str]:
    return _content_words(text, exclude)


def _content_words(text: str, exclude: frozenset[str]) -> dict[str, str]:
    seen: dict[str, str] = {}
    for word in words(text.lower()):
        if word in STOPWORDS or word in exclude:
            continue
        if (word.isalpha() and len(word) >= 4) or (word.isalnum() and sum(c.isdigit() for c in word) >= 3):
            seen.setdefault(stem(word), word)
    return seen


def stems(text: str) -> set[str]:
    return {stem(w) for w in words(text.lower())}
