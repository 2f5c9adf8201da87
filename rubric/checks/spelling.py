"""Spelling, part of professionalism: unknown words against an offline English word list that
ships with pyspellchecker, extended by support vocabulary and the admin's product dictionary."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from rubric.checks.base import Evidence, Outcome, Params, check
from rubric.conversation import Conversation
from rubric.dictionary import english_words, spellchecker

# Everyday support words the general dictionary lacks; admins add their own product words.
SUPPORT_WORDS = (
    "app",
    "apps",
    "login",
    "logins",
    "logout",
    "wifi",
    "email",
    "emails",
    "emailed",
    "online",
    "offline",
    "checkout",
    "username",
    "usernames",
    "dropdown",
    "signup",
    "smartphone",
    "ios",
    "android",
    "url",
    "urls",
    "setup",
    "ok",
    "okay",
    "chatbot",
    "inbox",
    "unsubscribe",
    "voucher",
    "screenshot",
    "screenshots",
    "reinstall",
    "reinstalled",
    "resync",
    "sync",
    "synced",
    "syncing",
    "timezone",
    "webinar",
    "workspace",
    "workspaces",
    "dashboard",
    "toggle",
    "popup",
    "prepaid",
    "refundable",
    "reactivate",
    "reactivated",
    "unlink",
    "unlinked",
    "ebook",
    "esim",
    "hotspot",
    "bluetooth",
    "firmware",
    "preorder",
    "preorders",
    "courier",
    "couriers",
    "postcode",
    "zipcode",
)


class SpellingParams(Params):
    dictionary: tuple[str, ...] = ()
    dictionary_file: Path | None = None


def correction(word: str) -> str | None:
    """The most frequent dictionary word one edit away from `word`, or None.

    pyspellchecker's own `correction` does the same through per-word helpers that cost ~1 ms a
    call, and breaks ties between equally frequent words in set order, which changes from run
    to run; here ties go to the first alphabetically, so a note is the same every time.
    """
    frequency = english_words()
    letters = sorted(spellchecker().word_frequency.letters)
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {left + right[1:] for left, right in splits if right}
    edits |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    edits |= {left + c + right[1:] for left, right in splits if right for c in letters}
    edits |= {left + c + right for left, right in splits for c in letters}
    known = sorted(edit for edit in edits if edit in frequency)
    # As pyspellchecker does: the same letters with an accent beat a commoner word ("cafe" →
    # "café", not "came").
    accented = [edit for edit in known if _without_accents(edit) == word]
    return max(accented or known, key=frequency.__getitem__) if known else None


def _without_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=16)
def _extra_words(dictionary: tuple[str, ...], dictionary_file: Path | None) -> frozenset[str]:
    extra = {w.lower() for w in (*SUPPORT_WORDS, *dictionary)}
    if dictionary_file is not None:
        text = dictionary_file.read_text(encoding="utf-8")
        extra |= {
            line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
        }
    return frozenset(extra)


# Words that start lowercase, of letters only, three or more: the ones worth a dictionary look-up.
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z]{2,}(?![\w'’-])")
_SKIP = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\S*[/\\]\S*")


def _misspelt(text: str, known: frozenset[str]) -> list[str]:
    """Lowercase words the dictionary lacks, in order. Capitalised words are skipped: names,
    brands and acronyms are not spelling mistakes (a misspelt first word goes unnoticed)."""
    if "/" in text or "@" in text or "www." in text:
        text = _SKIP.sub(" ", text)
    dictionary = english_words()
    return [
        word
        for word in dict.fromkeys(_LOWER_WORD.findall(text))
        if word not in dictionary and word not in known and word.isascii()
    ]


def _around(text: str, word: str, span: int = 40) -> str:
    """A few words either side of the misspelt one: enough to find it, verbatim."""
    match = re.search(rf"\b{re.escape(word)}\b", text, re.I)
    if match is None:
        return text
    start = text.rfind(" ", 0, max(0, match.start() - span)) + 1
    end = text.find(" ", match.end() + span)
    return text[start : end if end != -1 else len(text)].strip()


@check(
    "spelling",
    SpellingParams,
    description="No spelling mistakes (extend the dictionary with product words).",
    points_at="gap",
)
def spelling(conversation: Conversation, params: SpellingParams) -> Outcome:
    known = _extra_words(params.dictionary, params.dictionary_file)
    names = {(t.author_name or "").lower() for t in conversation.turns}
    known = known | {part for name in names for part in name.split()}
    errors: list[tuple[str, Evidence]] = []
    for turn in conversation.agent_turns:
        for word in _misspelt(turn.text, known):
            errors.append((word, Evidence(turn.index, turn.role, _around(turn.text, word))))
    if not errors:
        return Outcome(1.0, "No spelling mistakes found.")
    word = errors[0][0]
    fix = correction(word)
    suggestion = f'"{word}" → "{fix}"' if fix and fix != word else f'"{word}" looks misspelt'
    listed = ", ".join(w for w, _ in errors[:5])
    return Outcome(
        max(0.0, 1 - len(errors) / 4),
        f"{len(errors)} possible spelling mistake(s): {listed}.",
        tuple(e for _, e in errors[:3]),
        advice=f"read it once more before sending: {suggestion}.",
        summary="a few words were misspelt",
    )
