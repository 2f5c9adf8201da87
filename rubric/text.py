"""Text normalisation: whatever a helpdesk stored becomes the plain text the checks read.

Order matters: HTML to text (dropping quoted blocks the markup marks as quotes), then quoted
history and signatures in plain text, then whitespace. Evidence quotes are always substrings of
the text this module returns, which is why it never rewrites words, only removes and folds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ahocorasick import Automaton
from mailparser_reply import EmailReplyParser
from selectolax.lexbor import LexborHTMLParser

_HTML_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*\b[^>]*|/[a-zA-Z][a-zA-Z0-9]*\s*|!--.*?--|br\s*/?)>", re.S)

# Markup that mail clients use for quoted history, signatures and things never shown as text.
_DROP_SELECTORS = ", ".join(
    [
        "script",
        "style",
        "head",
        "title",
        "template",
        "noscript",
        "blockquote",
        ".gmail_quote",
        ".gmail_signature",
        ".yahoo_quoted",
        "#appendonsend",
        "#divRplyFwdMsg",
        ".moz-cite-prefix",
        ".moz-signature",
        "[data-signature]",
        ".zd-comment-signature",
        ".freshdesk_quote",
    ]
)
# Substrings without which the selectors above and below cannot match anything.
_DROP_HINTS = (
    "<script",
    "<style",
    "<head",
    "<title",
    "<template",
    "<noscript",
    "<blockquote",
    "gmail_",
    "yahoo_quoted",
    "moz-",
    "data-signature",
    "signature",
    "freshdesk_quote",
)
_HISTORY_HINTS = ("appendonsend", "divrplyfwdmsg", "outlookmessageheader")
# Outlook puts the quoted message after these, as siblings: cut from here to the end.
_HISTORY_STARTS = "#appendonsend, #divRplyFwdMsg, .OutlookMessageHeader, #x_divRplyFwdMsg"
_BREAKS = re.compile(
    r"<br\s*/?>|<hr\b[^>]*>|</(?:p|div|li|tr|h[1-6]|table|ul|ol|pre|section|article|blockquote|t[dh])\s*>",
    re.I,
)


def _break_after(tag: re.Match[str]) -> str:
    text = tag.group(0)
    cell = text[2:3].lower() == "t" and text[3:4].lower() in ("d", "h")
    return text + (" " if cell else "\n")


# Text with none of these substrings has no quoted history or signature to cut; looking for
# them (`_AnyOf`, below) is far cheaper than the patterns below.
_QUOTE_TOKENS = (
    "thank",
    "regards",
    "best",
    ">",
    "wrote",
    "from",
    "--",
    "cheers",
    "yours",
    "sincerely",
    "take care",
    "forwarded",
    "original",
    "get outlook",
    "schrieb",
    "écrit",
    "escribió",
    "escreveu",
    "scritto",
    "geschreven",
    "von",
    "van:",
    "da:",
    "de:",
    "de :",
    "grüße",
    "cordialement",
    "bien à vous",
    "saludo",
    "atentamente",
    "saluti",
    "groet",
    "hälsningar",
    "pozdrawiam",
)
# The header mail clients put above quoted history, in the languages we meet most. Cutting here
# first keeps the reply parser's input short: its cost grows with every quoted line.
_HISTORY_HEADER = re.compile(
    r"^(?:On\b[^\n]{0,200}(?:\n[^\n]{0,200})?\bwrote:"
    r"|Am\b[^\n]{0,200}(?:\n[^\n]{0,200})?schrieb[^\n]{0,80}:"
    r"|Le\b[^\n]{0,200}(?:\n[^\n]{0,200})?a écrit\s?:"
    r"|El\b[^\n]{0,200}(?:\n[^\n]{0,200})?escribió:"
    r"|-{2,}\s*(?:Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}"
    r"|Begin forwarded message:"
    r"|(?:From|Von|De)\s?:\s[^\n]+\n(?:[^\n]+\n){0,2}(?:Sent|Date|Gesendet|Envoyé|To|An)\s?:)",
    re.I | re.M,
)
# What quoted history looks like when the header above did not catch it.
_UNHANDLED_HISTORY = re.compile(
    r"wrote:|\bschrieb\b|a écrit|escribió|ha scritto|geschreven|escreveu|-----\s*original|forwarded message|"
    r"^(?:from|von|de|van|da)\s?:\s",
    re.I | re.M,
)
# Lines that begin a client's history header; _HISTORY_HEADER then decides.
_HEADER_STARTS = ("on ", "am ", "le ", "el ", "--", "begin forwarded", "from", "von", "de:", "de :")
_UNHANDLED_TOKENS = (
    "wrote",
    "schrieb",
    "écrit",
    "escribió",
    "scritto",
    "geschreven",
    "escreveu",
    "original",
    "forwarded",
    "from",
    "von",
    "de:",
    "de :",
    "van:",
    "da:",
)
# Sign-off lines (lowercase, without end punctuation) that a short signature block follows.
_SIGN_OFFS = frozenset(
    {
        "best",
        "best regards",
        "best wishes",
        "kind regards",
        "warm regards",
        "regards",
        "many thanks",
        "thanks",
        "thanks again",
        "thanks so much",
        "thank you",
        "cheers",
        "sincerely",
        "yours",
        "yours sincerely",
        "yours truly",
        "all the best",
        "take care",
        "mit freundlichen grüßen",
        "viele grüße",
        "beste grüße",
        "cordialement",
        "bien à vous",
        "saludos",
        "un saludo",
        "atentamente",
        "cordiali saluti",
        "met vriendelijke groet",
        "met vriendelijke groeten",
        "med vänliga hälsningar",
        "pozdrawiam",
    }
)
_DEVICE_FOOTERS = (
    "sent from my ",
    "get outlook for ",
    "sent from mail",
    "sent from yahoo",
    "sent from outlook",
)
_PARSER_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pt", "sv", "pl"]

# One translation table drops control and zero-width characters and turns every kind of blank
# into a plain space: str.translate does in one C pass what three regex substitutions did.
_INVISIBLE = [
    *range(0x00, 0x09),
    0x0B,
    0x0C,
    *range(0x0E, 0x20),
    *range(0x7F, 0xA0),  # DEL and the C1 controls
    0x061C,
    *range(0x200B, 0x2010),
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),  # bidi embeddings and overrides: text that reads backwards in a note
    *range(0x2066, 0x206A),  # bidi isolates
    0xFEFF,
]
_BLANKS = [0x09, 0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]
_FOLD = str.maketrans({**dict.fromkeys(_INVISIBLE), **dict.fromkeys(_BLANKS, " ")})
# translate() looks every character up in the table; most text has nothing to fold, and one
# character-class search says so at a fraction of the cost.
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(code)) for code in _FOLD) + "]")
_SPACE_RUN = re.compile(r" {2,}")
_BLANK_LINES = re.compile(r"\n{3,}")


class _AnyOf:
    """Whether a lowered text contains any of a few dozen tokens: one Aho-Corasick pass that
    stops at the first hit, instead of a substring search per token."""

    def __init__(self, tokens: tuple[str, ...]) -> None:
        self._automaton = Automaton()
        for token in tokens:
            self._automaton.add_word(token, token)
        self._automaton.make_automaton()

    def __call__(self, lowered: str) -> bool:
        for _ in self._automaton.iter(lowered):
            return True
        return False


_HAS_DROP_HINT = _AnyOf(_DROP_HINTS)
_HAS_QUOTE_TOKEN = _AnyOf(_QUOTE_TOKENS)
_HAS_UNHANDLED_TOKEN = _AnyOf(_UNHANDLED_TOKENS)


def looks_like_html(body: str) -> bool:
    return "<" in body and _HTML_TAG.search(body) is not None


def html_to_text(html: str) -> str:
    lowered = html.lower()
    # Line breaks go in as text before parsing: one regex pass over the string instead of a
    # tree query and a Python call per block element.
    tree = LexborHTMLParser(_BREAKS.sub(_break_after, html))
    # Each CSS query walks the whole tree; skip the ones whose elements cannot be there.
    if any(hint in lowered for hint in _HISTORY_HINTS):  # three: plain tests are quicker
        _cut_history(tree)
    if _HAS_DROP_HINT(lowered):
        for node in tree.css(_DROP_SELECTORS):
            node.decompose()
    root = tree.body or tree.root
    return root.text(separator="") if root is not None else ""


def _cut_history(tree: LexborHTMLParser) -> None:
    start = tree.css_first(_HISTORY_STARTS)
    if start is None:
        return
    node = start.next
    while node is not None:
        following = node.next
        node.decompose()
        node = following
    start.decompose()


@lru_cache(maxsize=1)
def _reply_parser() -> EmailReplyParser:
    return EmailReplyParser(languages=_PARSER_LANGUAGES)


def strip_quoted_history(text: str) -> str:
    """Keep only the newest reply: drop '> ' quotes, 'On … wrote:' history and signatures.

    The common shapes are cut here, line by line; whatever still looks like quoted history
    afterwards (other languages, other clients) goes to mail-parser-reply. The library alone
    costs ~0.4 ms a message, which would break the throughput target.
    """
    lowered = text.lower()
    if not _HAS_QUOTE_TOKEN(lowered):
        return text
    lines = text.split("\n")
    lines = lines[: _history_start(text, lines)]
    lines = _without_signature([line for line in lines if not line.lstrip().startswith(">")])
    text = "\n".join(lines).rstrip()
    lowered = text.lower()
    if _HAS_UNHANDLED_TOKEN(lowered) and _UNHANDLED_HISTORY.search(text):
        text = _parse_reply(text)
    return text


def _history_start(text: str, lines: list[str]) -> int:
    """Index of the line where quoted history begins (a client's header), or len(lines)."""
    offset = 0
    for number, line in enumerate(lines):
        if number and line[:20].lower().startswith(_HEADER_STARTS) and _HISTORY_HEADER.match(text, offset):
            return number
        offset += len(line) + 1
    return len(lines)


def _without_signature(lines: list[str]) -> list[str]:
    """Lines before a device footer or a sign-off that a short signature block follows."""
    for number, line in enumerate(lines):
        if number and (line.strip() in ("--", "-- ") or line.lower().startswith(_DEVICE_FOOTERS)):
            lines = lines[:number]
            break
    for number in range(len(lines) - 1, max(0, len(lines) - 8), -1):
        if lines[number].strip().lower().rstrip(",.!") in _SIGN_OFFS:
            tail = [line for line in lines[number + 1 :] if line.strip()]
            if 1 <= len(tail) <= 6 and all(len(line) <= 80 for line in tail):
                return lines[:number]
    return lines


def _parse_reply(text: str) -> str:
    try:
        message = _reply_parser().read(text=text)
    except Exception:  # the parser is third-party; an odd email must not cost the ticket
        return text
    for reply in message.replies:
        body = (reply.body or "").strip() or (reply.content or "").strip()
        if body:
            return "\n".join(line for line in body.split("\n") if not line.lstrip().startswith(">"))
    return text


def fold_whitespace(text: str) -> str:
    """Normalise Unicode, drop control and zero-width characters, fold runs of blanks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if _FOLDABLE.search(text):
        text = text.translate(_FOLD)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    text = "\n".join([line.strip() for line in text.split("\n")])
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def normalise_body(body: str) -> str:
    """The text of one message as the checks see it."""
    text = html_to_text(body) if looks_like_html(body) else body
    text = fold_whitespace(text)
    stripped = strip_quoted_history(text)
    if stripped is text:
        return text
    # Cutting only removes lines: what is left needs its blank lines folded again, nothing more.
    return _BLANK_LINES.sub("\n\n", stripped).strip()


_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.U)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split on end punctuation or line breaks, blanks trimmed."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        ends = [m.end() for m in _SENTENCE_END.finditer(line)]
        for end in [*ends, len(line)]:
            piece = line[start:end]
            stripped = piece.strip()
            if stripped:
                begin = offset + start + len(piece) - len(piece.lstrip())
                spans.append((begin, begin + len(stripped)))
            start = end
        offset += len(line) + 1
    return spans


def sentences(text: str) -> list[str]:
    """Every sentence of text, each a verbatim substring of it."""
    return [text[start:end] for start, end in sentence_spans(text)]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


_UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in _INVISIBLE) + "]")


def printable(text: str, limit: int = 80) -> str:
    """Text from a ticket made safe for a heading, a log or an error line: no control or
    direction-changing characters, one line, at most `limit` characters."""
    flat = _UNSAFE.sub("", text).replace("\n", " ")
    flat = flat.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become "?"
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
