"""Text normalisation: whatever a helpdesk stored becomes the plain text the checks read.

Order matters: HTML to text (dropping quoted blocks the markup marks as quotes), then quoted
history and signatures in plain text, then whitespace. Evidence quotes are always substrings of
the text this module returns, which is why it never rewrites words, only removes and folds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
# Outlook puts the quoted message after these, as siblings: cut from here to the end.
_HISTORY_STARTS = "#appendonsend, #divRplyFwdMsg, .OutlookMessageHeader, #x_divRplyFwdMsg"
_BLOCKS = "p, div, li, tr, h1, h2, h3, h4, h5, h6, table, ul, ol, pre, section, article, hr"

# Cheap pre-filter: only text that shows a sign of quoted history or a signature pays for the
# reply parser (it costs ~75 µs a message, more than everything else together).
_QUOTE_HINT = re.compile(
    r"^\s*>|wrote:|schrieb|a écrit|escribió|scritto|geschreven|-----\s*original|"
    r"^from:\s|^von:\s|^de\s?:\s|^-- ?$|^sent from my|^get outlook|^regards|^best|^kind regards|"
    r"^thanks,?$|^cheers|^sincerely|^mit freundlichen|^cordialement|^saludos|forwarded message",
    re.I | re.M,
)
_PARSER_LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pt", "sv", "pl"]

_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def looks_like_html(body: str) -> bool:
    return "<" in body and _HTML_TAG.search(body) is not None


def html_to_text(html: str) -> str:
    tree = LexborHTMLParser(html)
    _cut_history(tree)
    for node in tree.css(_DROP_SELECTORS):
        node.decompose()
    for node in tree.css("br"):
        node.replace_with("\n")
    for node in tree.css("td, th"):
        node.insert_after(" ")
    for node in tree.css(_BLOCKS):
        node.insert_after("\n")
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
    """Keep only the newest reply: drop '> ' quotes, 'On … wrote:' history and signatures."""
    if not _QUOTE_HINT.search(text):
        return text
    try:
        message = _reply_parser().read(text=text)
    except Exception:  # the parser is third-party; an odd email must not cost the ticket
        return _drop_angle_quotes(text)
    for reply in message.replies:
        body = (reply.body or "").strip() or (reply.content or "").strip()
        if body:
            return _drop_angle_quotes(body)
    return _drop_angle_quotes(text)


def _drop_angle_quotes(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))


def fold_whitespace(text: str) -> str:
    """Normalise Unicode, drop control and zero-width characters, fold runs of blanks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def normalise_body(body: str) -> str:
    """The text of one message as the checks see it."""
    text = html_to_text(body) if looks_like_html(body) else body
    text = fold_whitespace(text)
    return fold_whitespace(strip_quoted_history(text))


_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.U)


def sentences(text: str) -> list[str]:
    """Split on end punctuation or line breaks; every piece is a verbatim substring of text."""
    found: list[str] = []
    for line in text.split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(line):
            piece = line[start : match.end()].strip()
            if piece:
                found.append(piece)
            start = match.end()
        rest = line[start:].strip()
        if rest:
            found.append(rest)
    return found


def words(text: str) -> list[str]:
    return _WORD.findall(text)
