"""Text normalisation on realistic email, chat and web-form bodies."""

from rubric.language import detect_language
from rubric.text import fold_whitespace, html_to_text, looks_like_html, normalise_body, sentences

GMAIL_REPLY = """<div dir="ltr">Got it, thank you!<br><br><div class="gmail_quote"><div dir="ltr"
class="gmail_attr">On Mon, Nov 2, 2026 at 10:00 AM Sam Park &lt;support@example.com&gt; wrote:<br></div>
<blockquote class="gmail_quote"><p>Hi Michael,</p><p>I've updated invoice INV-2231.</p></blockquote>
</div></div>"""

OUTLOOK_REPLY = """<html><body><p>Thanks, that fixed it.</p>
<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Support<br><b>Sent:</b> Monday</div>
<div>Hi Tom, please clear the cache.</div></body></html>"""

PLAIN_REPLY = """Thanks, that's great!

On Mon, 2 Nov 2026 at 13:00, Acme Support <support@example.com> wrote:
> Hi Emma,
> I've arranged a replacement backpack"""

SIGNED = """Hi,

The zip broke on the first day. Can I get it replaced?

Thanks,
Emma

Sent from my iPhone"""


def test_html_becomes_text_with_line_breaks_and_entities() -> None:
    text = html_to_text("<p>Hello <b>there</b></p><div>a<br>b</div><p>&amp; &lt;tag&gt;</p>")
    assert fold_whitespace(text) == "Hello there\na\nb\n& <tag>"


def test_scripts_and_styles_never_become_text() -> None:
    assert normalise_body("<style>p{}</style><script>alert(1)</script><p>Hi</p>") == "Hi"


def test_gmail_quoted_history_is_dropped() -> None:
    assert normalise_body(GMAIL_REPLY) == "Got it, thank you!"


def test_outlook_forwarded_history_is_dropped() -> None:
    assert normalise_body(OUTLOOK_REPLY).startswith("Thanks, that fixed it.")
    assert "clear the cache" not in normalise_body(OUTLOOK_REPLY)


def test_plain_text_quotes_and_wrote_lines_are_dropped() -> None:
    assert normalise_body(PLAIN_REPLY) == "Thanks, that's great!"


def test_signatures_and_device_footers_are_dropped() -> None:
    text = normalise_body(SIGNED)
    assert "Can I get it replaced?" in text
    assert "iPhone" not in text


def test_plain_text_that_mentions_angle_brackets_is_not_html() -> None:
    assert not looks_like_html("I paid < 5 euros and > 3 items")
    assert looks_like_html("<p>hi</p>")


def test_whitespace_and_invisible_characters_are_folded() -> None:
    assert fold_whitespace("a\u200b b\t\tc\r\n\r\n\r\n d\u00a0 e") == "a b c\n\nd e"


def test_sentences_are_verbatim_pieces() -> None:
    text = "Hi Maria. I sent it... ok?! Version 2.5 is out\nno end"
    parts = sentences(text)
    assert parts == ["Hi Maria.", "I sent it...", "ok?!", "Version 2.5 is out", "no end"]
    assert all(p in text for p in parts)


def test_language_detection_is_confident_or_silent() -> None:
    assert detect_language("Hola, mi licuadora llegó rota y necesito un reemplazo urgente por favor") == "es"
    assert detect_language("Hi there, my blender arrived broken and I need a replacement soon") == "en"
    assert detect_language("Danke") is None  # too short to tell


def test_every_sign_off_and_history_header_passes_the_cheap_pre_test() -> None:
    import rubric.text as text

    headers = [
        "on mon, sam wrote:",
        "am mo. schrieb sam:",
        "le lun. a écrit :",
        "el lun escribió:",
        "-----original message-----",
        "begin forwarded message:",
        "from: sam",
    ]
    for phrase in (*text._SIGN_OFFS, *text._DEVICE_FOOTERS, *text._UNHANDLED_TOKENS, *headers):
        assert any(token in phrase for token in text._QUOTE_TOKENS), phrase


def test_a_lone_thank_you_is_kept_and_a_sign_off_block_is_cut() -> None:
    assert normalise_body("Thank you!") == "Thank you!"
    assert normalise_body("It works now.\n\nThank you,\nEmma") == "It works now."
    assert normalise_body("Ça marche.\n\nBien à vous,\nJulien") == "Ça marche."


def test_other_clients_and_languages_fall_back_to_the_reply_parser() -> None:
    body = (
        "Va bene, grazie.\n\nIl giorno lun 2 nov 2026 alle ore 10:00 Sam <s@example.com> ha scritto:\n> Ciao"
    )
    assert normalise_body(body) == "Va bene, grazie."
