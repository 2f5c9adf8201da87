"""Phrase matching: which of a list's phrases occur in a turn, and where.

A phrase list compiles once into `Phrases`: each phrase's literal anchors (text every match of
it contains) go into one Aho-Corasick automaton, so a single pass over a turn's lowered text
tells which phrases can match at all; only those are compiled into a regex and scanned for.
Matches are kept per turn (several checks read the same list) and found only as far as a
check asks, since most want the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ahocorasick import Automaton

from rubric.checks.base import Evidence
from rubric.conversation import Turn


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: instances are cached
class Phrases:
    """A compiled phrase list that scans only for the phrases that can occur in a text.

    Python's regex engine tries every alternative at every position, so a list of fifty phrases
    costs fifty tries per character. Each phrase has literal anchors (text every match contains).
    One Aho-Corasick pass over the lowered text finds which anchors occur, in C, whatever their
    number; only the phrases they belong to are compiled (once per set, cached) and scanned
    for. Same matches, a fraction of the time.
    """

    phrases: tuple[str, ...]
    anchors: Automaton | None  # anchor → the bits of its phrases (1 << position in `phrases`)
    always: int  # bits of the phrases with no known anchor: always scanned

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.phrases)

    def candidates(self, lowered: str) -> int:
        """A bit for each phrase that may match: 1 << its position in `phrases`."""
        chosen = self.always
        if self.anchors is not None:
            for _, bits in self.anchors.iter(lowered):
                chosen |= bits
        return chosen

    def finditer(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """Every match in text, leftmost first, as one alternation of the phrases would find
        them; `lowered` is text.lower()."""
        chosen = self.candidates(lowered)
        if not chosen:
            return iter(())
        if chosen & (chosen - 1) == 0:  # one candidate, the usual case
            return _compile((self.phrases[chosen.bit_length() - 1],)).finditer(text)
        key = (self, chosen)
        seen = _SEEN.get(key, 0)
        if seen >= _COMPILE_AFTER:  # a set met often: one pattern for it scans fastest
            return _subset(self, chosen).finditer(text)
        if len(_SEEN) > _SEEN_MAX:
            _SEEN.clear()
        _SEEN[key] = seen + 1
        return iter(_merged([p for i, p in enumerate(self.phrases) if chosen >> i & 1], text))

    def scan(self, text: str, lowered: str) -> list[tuple[int, str]]:
        """(start, matched text) of every match in text; `lowered` is text.lower()."""
        return [(m.start(), m.group(0)) for m in self.finditer(text, lowered)]

    def search(self, text: str) -> str | None:
        match = next(self.finditer(text, text.lower()), None)
        return match.group(0) if match else None


# Compiling a pattern for a set of candidate phrases costs more than scanning for each phrase
# alone, unless the set comes back: a one-off `ticketqa score` met 1,266 sets, most of them a
# few times; a long sync meets the same sets over and over. A set seen this often is compiled.
_COMPILE_AFTER = 3
_SEEN: dict[tuple[Phrases, int], int] = {}
_SEEN_MAX = 100_000  # bounded: a long backfill of varied text meets ever new sets


@lru_cache(maxsize=1024)
def _subset(phrases: Phrases, chosen: int) -> re.Pattern[str]:
    """The pattern for the phrases whose bits are set in `chosen`."""
    return _compile(tuple(p for i, p in enumerate(phrases.phrases) if chosen >> i & 1))


def _merged(phrases: list[str], text: str) -> list[re.Match[str]]:
    """The matches one alternation of `phrases` would find, from each phrase's own pattern
    (each compiles once). Where matches overlap, the leftmost wins, then the longer phrase, as
    in the alternation `_compile` builds."""
    found = sorted(
        (match.start(), -len(phrase), phrase, match)
        for phrase in phrases
        for match in _compile((phrase,)).finditer(text)
    )
    kept: list[re.Match[str]] = []
    end = 0
    for start, _, _, match in found:
        if start >= end and match.end() > start:
            kept.append(match)
            end = match.end()
    return kept


def _index_anchors(phrases: tuple[str, ...]) -> Phrases:
    bits: dict[str, int] = {}
    always = 0
    for index, phrase in enumerate(phrases):
        found = required_literals(phrase)
        if found is None:
            always |= 1 << index
            continue
        for anchor in found:
            bits[anchor] = bits.get(anchor, 0) | 1 << index
    if not bits:
        return Phrases(phrases, None, always)
    automaton = Automaton()
    for anchor, mask in bits.items():
        automaton.add_word(anchor, mask)
    automaton.make_automaton()
    return Phrases(phrases, automaton, always)


_META = set("\\.^$*+?{}[]()|")


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(position, character, group depth) of every character that is not escaped."""
    depth, escaped = 0, False
    for position, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            if char == ")":
                depth -= 1
            yield position, char, depth
            if char == "(":
                depth += 1


def _split_top_level(pattern: str) -> list[str]:
    parts, start = [], 0
    for position, char, depth in _structure(pattern):
        if char == "|" and depth == 0:
            parts.append(pattern[start:position])
            start = position + 1
    return [*parts, pattern[start:]]


def _group_end(pattern: str) -> int:
    """Index of the ")" closing the group that opens at index 0."""
    return next((p for p, char, depth in _structure(pattern) if char == ")" and depth == 0), -1)


def leading_literals(pattern: str) -> frozenset[str] | None:
    """Literal starts, one of which begins every match of `pattern`; None when unknown.

    Handles what phrase lists use: plain words, top-level alternatives, a leading group of
    alternatives, zero-width look-arounds and optional characters. Anything else gives None,
    which only turns the pre-filter off, never changes a result.
    """
    alternatives = _split_top_level(pattern)
    if len(alternatives) > 1:
        found = [leading_literals(a) for a in alternatives]
        return None if any(f is None for f in found) else frozenset().union(*found)  # type: ignore[arg-type]
    if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!")):
        end = _group_end(pattern)
        return leading_literals(pattern[end + 1 :]) if end > 0 else None
    if pattern.startswith("("):
        end = _group_end(pattern)
        after = pattern[end + 1 :] if end > 0 else "?"
        if after[:1] in ("?", "*") or after.startswith("{0"):
            return None  # an optional group: nothing after it is sure to come first
        inner = pattern[3:end] if pattern.startswith("(?:") else pattern[1:end]
        return leading_literals(inner)
    literal: list[str] = []
    for char in pattern:
        if char in "*?":
            if literal:
                literal.pop()  # the quantifier makes the previous character optional
            break
        if char in _META:
            break
        literal.append(char)
    text = "".join(literal).lower()
    return frozenset({text}) if text else None


def _required_run(pattern: str) -> str:
    """The longest literal run outside any group: every match of a pattern without top-level
    alternatives contains it."""
    best, run, position = "", "", 0
    while position < len(pattern):
        char = pattern[position]
        following = pattern[position + 1 : position + 2]
        if char == "\\" or char in "[(":
            end = (
                position + 2
                if char == "\\"
                else (
                    pattern.find("]", position + 1) + 1
                    if char == "["
                    else position + _group_end(pattern[position:]) + 1
                )
            )
            best, run = max(best, run, key=len), ""
            position = max(end, position + 1)
            continue
        if char == "{":  # a counted repeat: skip the count, it is no literal
            best, run = max(best, run, key=len), ""
            position = max(pattern.find("}", position), position) + 1
            continue
        optional = following in ("?", "*") or (
            following == "{" and pattern[position + 2 : position + 3] == "0"
        )
        if char in _META or optional:
            best, run = max(best, run, key=len), ""
            position += 2 if following in ("?", "*") and char not in _META else 1
            continue
        run += char
        position += 1
    return max(best, run, key=len).lower()


def required_literals(pattern: str) -> frozenset[str] | None:
    """Literals one of which occurs in every match of `pattern`; None when unknown."""
    alternatives = _split_top_level(pattern)
    if len(alternatives) > 1:
        found = [required_literals(a) for a in alternatives]
        return None if any(f is None for f in found) else frozenset().union(*found)  # type: ignore[arg-type]
    run = _required_run(pattern)
    if len(run.strip()) >= 4:
        return frozenset({run})
    grouped = _required_group_literals(pattern)
    if grouped is not None:
        return grouped
    leading = leading_literals(pattern)
    return leading if leading is not None else (frozenset({run}) if run.strip() else None)


def _required_group_literals(pattern: str) -> frozenset[str] | None:
    """Literals from a group every match passes through ("(?:works?|worked)" gives "work",
    "worked"), when each is at least 4 characters: a phrase without them would otherwise
    be scanned for in every text."""
    best: frozenset[str] | None = None
    for inner in _required_groups(pattern):
        found = required_literals(inner)
        long_enough = found is not None and min(len(f.strip()) for f in found) >= 4
        if found and long_enough and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found
    return best


def _required_groups(pattern: str) -> Iterator[str]:
    """The inside of each top-level group that is neither optional nor a look-around."""
    opened = -1
    for position, char, depth in _structure(pattern):
        if char == "(" and depth == 0:
            opened = position
        elif char == ")" and depth == 0 and opened >= 0:
            group, after = pattern[opened : position + 1], pattern[position + 1 : position + 3]
            optional = after[:1] in ("?", "*") or after.startswith("{0")
            if not (optional or group.startswith(("(?=", "(?!", "(?<"))):
                yield group[3:-1] if group.startswith("(?:") else group[1:-1]


def _end_boundary(phrase: str) -> str:
    return r"\b" if phrase[-1:].isalnum() else ""


@lru_cache(maxsize=4096)
def _compile(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern for phrases; a phrase may itself be a regex.

    Word boundaries are added where a phrase starts or ends with a word character, so "sorry"
    does not match "sorrynt" and "(?:is|was) late" not "this late", but "!!" still matches.
    """
    ordered = sorted(set(phrases), key=len, reverse=True)
    at_word = [p for p in ordered if _starts_with_word_character(p)]
    parts = [f"(?:{p}){_end_boundary(p)}" for p in ordered if not _starts_with_word_character(p)]
    if at_word:
        # These start with a word character, so a match can only start where a word does: the
        # guard lets the engine skip every other position instead of trying each phrase there.
        body = "|".join(f"(?:{p}){_end_boundary(p)}" for p in at_word)
        parts.insert(0, rf"(?<!\w)(?=\w)(?:{body})")
    return re.compile("|".join(parts) or r"(?!x)x", re.I | re.M)


def _starts_with_word_character(phrase: str) -> bool:
    """Whether every match of `phrase` begins with a letter or digit: "sorry", "\\d+ days",
    "(?:i'm|i am) sorry"."""
    if phrase[:1].isalnum():
        return True
    if phrase.startswith("\\d") and phrase[2:3] not in ("?", "*", "{"):
        return True
    starts = leading_literals(phrase)
    return starts is not None and all(start[:1].isalnum() for start in starts)


@lru_cache(maxsize=512)
def compile_phrases(phrases: tuple[str, ...]) -> Phrases:
    return _index_anchors(tuple(dict.fromkeys(phrases)))


@dataclass(slots=True)
class Hit:
    turn: Turn
    sentence: str
    match: str

    def evidence(self) -> Evidence:
        return Evidence(self.turn.index, self.turn.role, self.sentence)


class _Found:
    """The matches of one pattern in one turn, found only as far as a check has asked.

    Several checks read the same list in the same turn, so matches are kept; most want only
    the first, so the rest of the text is scanned only when one asks for more.
    """

    __slots__ = ("_matches", "_rest")

    def __init__(self, rest: Iterator[re.Match[str]]) -> None:
        self._matches: list[tuple[int, str]] = []
        self._rest: Iterator[re.Match[str]] | None = rest

    def __iter__(self) -> Iterator[tuple[int, str]]:
        position = 0
        while True:
            if position < len(self._matches):
                yield self._matches[position]
                position += 1
            elif not self._more():
                return

    def first(self) -> tuple[int, str] | None:
        if self._matches or self._more():
            return self._matches[0]
        return None

    def _more(self) -> bool:
        match = next(self._rest, None) if self._rest is not None else None
        if match is None:
            self._rest = None
            return False
        self._matches.append((match.start(), match.group(0)))
        return True


def _matches(turn: Turn, pattern: Phrases | re.Pattern[str]) -> _Found:
    """Matches in one turn, kept per turn and pattern: several checks share lists."""
    found: _Found | None = turn.found.get(pattern)
    if found is None:
        if isinstance(pattern, Phrases):
            found = _Found(pattern.finditer(turn.text, turn.lower))
        else:
            found = _Found(pattern.finditer(turn.text))
        turn.found[pattern] = found
    return found


def find_in_sentences(turns: Iterable[Turn], pattern: Phrases | re.Pattern[str]) -> Hit | None:
    """The first match in the first turn that has one: what `find_all_in_sentences` yields
    first, without the generator (this runs ~30 times a ticket)."""
    for turn in turns:
        first = _matches(turn, pattern).first()
        if first is not None:
            start, matched = first
            return Hit(turn, turn.sentence_at(start), matched)
    return None


def find_all_in_sentences(turns: Iterable[Turn], pattern: Phrases | re.Pattern[str]) -> Iterable[Hit]:
    for turn in turns:
        seen: set[str] = set()
        for start, matched in _matches(turn, pattern):
            sentence = turn.sentence_at(start)
            if sentence not in seen:
                seen.add(sentence)
                yield Hit(turn, sentence, matched)
