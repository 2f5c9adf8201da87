"""Professionalism & tone, including the critical respect check."""

from pathlib import Path

import pytest

from tests.helpers import conversation, quotes, run


def test_greeting_passes_and_fails_on_the_first_reply() -> None:
    greeted = conversation(("customer", "Help please."), ("agent", "Hi Maria, happy to help."))
    assert run("greeting", greeted).value == 1.0
    blunt = conversation(("customer", "Help please."), ("agent", "Go to settings and change it."))
    outcome = run("greeting", blunt)
    assert outcome.value == 0.0
    assert quotes(outcome) == ["Go to settings and change it."]
    assert "Hi Maria" in (outcome.advice or "")


def test_closing_looks_at_the_last_reply() -> None:
    conv = conversation(
        ("customer", "Help please."), ("agent", "Done. Let me know if anything else comes up.")
    )
    assert run("closing", conv).value == 1.0
    conv = conversation(("customer", "Help please."), ("agent", "Done. Regards."))
    assert quotes(run("closing", conv)) == ["Regards."]


def test_spelling_flags_misspelt_words_with_a_short_verbatim_quote() -> None:
    conv = conversation(
        ("customer", "How do I add a user?"),
        ("agent", "Hi Maria, thanks for your mesage. They will recieve an email."),
    )
    outcome = run("spelling", conv)
    assert outcome.value == 0.5
    assert "mesage" in outcome.reason and "recieve" in outcome.reason
    assert "mesage" in quotes(outcome)[0]


def test_spelling_ignores_names_brands_urls_and_support_words() -> None:
    conv = conversation(
        ("customer", "Login fails."),
        ("agent", "Hi Maria, open the Acmeflow app at https://acmeflow.example/lgn and log in."),
    )
    assert run("spelling", conv).value == 1.0


def test_spelling_dictionary_extends_known_words(tmp_path: Path) -> None:
    conv = conversation(("customer", "Help."), ("agent", "Hi Maria, restart the blendomatic please."))
    assert run("spelling", conv).value == 0.75
    assert run("spelling", conv, dictionary=["blendomatic"]).value == 1.0
    words = tmp_path / "words.txt"
    words.write_text("# product words\nblendomatic\n")
    assert run("spelling", conv, dictionary_file=words).value == 1.0


def test_blame_fails_with_a_rewrite() -> None:
    conv = conversation(
        ("customer", "Where is the email option?"), ("agent", "You should have looked under Profile.")
    )
    outcome = run("no_blame", conv)
    assert outcome.value == 0.0
    assert "easy to miss" in (outcome.advice or "")


def test_shouting_fails_but_acronyms_do_not() -> None:
    shouting = conversation(("customer", "Where?"), ("agent", "IT IS UNDER BILLING. Click it."))
    assert run("no_shouting", shouting).value == 0.0
    exclaim = conversation(("customer", "Where?"), ("agent", "Under billing!! Click it."))
    assert run("no_shouting", exclaim).value == 0.0
    fine = conversation(("customer", "Where?"), ("agent", "Download the PDF from the FAQ page."))
    assert run("no_shouting", fine).value == 1.0


def test_dead_end_phrasing_costs_half_then_all() -> None:
    one = conversation(("customer", "Can you?"), ("agent", "There's nothing we can do, sorry."))
    assert run("positive_phrasing", one).value == 0.5


def test_rude_wording_fails_with_a_suggested_rewrite() -> None:
    conv = conversation(
        ("customer", "The app crashes."),
        ("agent", "Most customers manage to figure it out by reading the FAQ."),
    )
    outcome = run("respectful", conv)
    assert outcome.value == 0.0
    assert "trips people up" in (outcome.advice or "")


def test_whatever_is_rude_only_as_a_whole_sentence() -> None:
    rude = conversation(("customer", "This is wrong."), ("agent", "Fine. Whatever."))
    assert run("respectful", rude).value == 0.0
    polite = conversation(("customer", "Which day?"), ("agent", "Pick whatever day suits you best."))
    assert run("respectful", polite).value == 1.0


def test_no_blame_passes_neutral_wording() -> None:
    conv = conversation(
        ("customer", "Where is it?"), ("agent", "That option is easy to miss: it is under Profile.")
    )
    assert run("no_blame", conv).value == 1.0


def test_positive_phrasing_passes_and_two_dead_ends_fail() -> None:
    fine = conversation(("customer", "Can you?"), ("agent", "Here's what I can do for you today."))
    assert run("positive_phrasing", fine).value == 1.0
    two = conversation(
        ("customer", "Can you?"), ("agent", "There's nothing we can do. It is what it is, I'm afraid.")
    )
    assert run("positive_phrasing", two).value == 0.0


# 7. A failing verdict needs precision, and real faults need catching.
@pytest.mark.parametrize(
    ("reply", "fails"),
    [
        ("We will deal with it for you today.", False),
        ("Our staff will deal with it and reply as soon as possible.", False),
        ("The fee stays. Deal with it.", True),
        ("You'll just have to deal with it.", True),
    ],
)
def test_deal_with_it_fails_only_as_a_dismissal(reply: str, fails: bool) -> None:
    conv = conversation(("customer", "Why was I charged a late fee?"), ("agent", reply))
    assert (run("respectful", conv).value == 0.0) is fails


@pytest.mark.parametrize(
    "reply",
    [
        "That's on your end, not ours.",
        "You should have read the terms before ordering.",
        "This was clearly stated in the terms you accepted.",
    ],
)
def test_a_blaming_sentence_costs_however_it_is_worded(reply: str) -> None:
    conv = conversation(("customer", "Why did my order get cancelled?"), ("agent", reply))
    outcome = run("no_blame", conv)
    assert outcome.value == 0.0 and quotes(outcome) == [reply]


def test_a_spelling_suggestion_is_the_same_every_run_and_keeps_accents() -> None:
    from rubric.checks.spelling import correction

    assert correction("recieve") == "receive"
    assert correction("cafe") == "café"  # the same letters accented beat a commoner word ("came")
    # Equally frequent candidates: the first alphabetically, never set order.
    assert correction("damai") == "daman"  # "damar" is as frequent
    assert correction("xqzvk") is None
