"""Rubric files: the default loads, and every mistake names its key and the fix."""

from pathlib import Path

import pytest

from rubric.errors import RubricError
from rubric.spec import load_rubric, parse_rubric, rubric_as_dict

MINIMAL = """
name = "mini"
version = 2
[[criteria]]
id = "tone"
title = "Tone"
weight = 1
checks = [{ kind = "greeting" }]
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(RubricError) as error:
        parse_rubric(text, source="test.toml", base_dir=None)
    return error.value.problems


def test_default_rubric_has_the_six_criteria_from_the_practice() -> None:
    rubric = load_rubric()
    assert [c.spec.id for c in rubric.criteria] == [
        "empathy",
        "listening",
        "completeness",
        "professionalism",
        "resolution",
        "correctness",
    ]
    assert rubric.name == "default" and rubric.version == 2
    professionalism = rubric.criteria[3]
    assert professionalism.spec.critical
    assert [c.kind.name for c in professionalism.checks if c.spec.critical] == ["respectful"]
    assert rubric.criteria[5].spec.weight == 0
    resolution = rubric.criteria[4]
    assert resolution.spec.weight == max(c.spec.weight for c in rubric.criteria)  # outcome first
    assert [c.kind.name for c in resolution.checks][:2] == ["customer_outcome", "concrete_answer"]


def test_digest_is_stable_and_follows_content() -> None:
    one = parse_rubric(MINIMAL, source="a", base_dir=None)
    two = parse_rubric(MINIMAL, source="b", base_dir=None)
    other = parse_rubric(MINIMAL.replace("weight = 1", "weight = 2"), source="c", base_dir=None)
    assert one.digest == two.digest != other.digest


def test_unknown_check_kind_lists_the_known_ones() -> None:
    [problem] = _problems(MINIMAL.replace('"greeting"', '"greting"'))
    assert problem.startswith("criteria[0] (tone).checks[0].kind: unknown check 'greting'")
    assert "greeting" in problem


def test_bad_params_name_the_param() -> None:
    text = MINIMAL.replace(
        '{ kind = "greeting" }', '{ kind = "greeting", params = { within_words = "six" } }'
    )
    [problem] = _problems(text)
    assert problem.startswith("criteria[0] (tone).checks[0].params.within_words:")


def test_unknown_keys_and_missing_keys_are_named() -> None:
    problems = _problems(MINIMAL.replace("weight = 1", "wieght = 1"))
    assert (
        "criteria[0] (tone).wieght: unknown key; check the spelling against `ticketqa rubric show`"
        in problems
    )
    assert "criteria[0] (tone).weight: required key is missing" in problems


def test_critical_check_needs_a_critical_criterion() -> None:
    [problem] = _problems(MINIMAL.replace('{ kind = "greeting" }', '{ kind = "greeting", critical = true }'))
    assert "set criteria[0].critical = true" in problem


def test_duplicate_ids_bands_and_zero_weights_are_refused() -> None:
    doubled = MINIMAL + MINIMAL.split("[[criteria]]")[1].join(["[[criteria]]", ""])
    assert any("used twice" in p for p in _problems(doubled))
    assert any(
        "coach must not be above great" in p for p in _problems(MINIMAL + "[bands]\ngreat = 50\ncoach = 80\n")
    )
    assert any("every weight is 0" in p for p in _problems(MINIMAL.replace("weight = 1", "weight = 0")))


def test_toml_syntax_errors_are_reported() -> None:
    [problem] = _problems("name = ")
    assert problem.startswith("not valid TOML")


def test_dictionary_file_is_relative_to_the_rubric(tmp_path: Path) -> None:
    (tmp_path / "words.txt").write_text("blendomatic\n")
    text = MINIMAL.replace(
        '{ kind = "greeting" }', '{ kind = "spelling", params = { dictionary_file = "words.txt" } }'
    )
    (tmp_path / "rubric.toml").write_text(text)
    assert (
        load_rubric(tmp_path / "rubric.toml").criteria[0].checks[0].params.dictionary_file
        == tmp_path / "words.txt"
    )  # type: ignore[attr-defined]
    (tmp_path / "words.txt").unlink()
    with pytest.raises(RubricError, match="dictionary_file: no file at"):
        load_rubric(tmp_path / "rubric.toml")


def test_missing_file_is_a_rubric_error(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="cannot read the file"):
        load_rubric(tmp_path / "nope.toml")


def test_rubric_as_dict_shows_effective_params() -> None:
    data = rubric_as_dict(load_rubric())
    greeting = next(c for crit in data["criteria"] for c in crit["checks"] if c["kind"] == "greeting")
    assert greeting["params"]["within_words"] == 6
    assert greeting["description"]


def test_a_phrase_that_is_not_a_valid_pattern_is_named_with_its_criterion_and_check() -> None:
    text = MINIMAL.replace(
        'checks = [{ kind = "greeting" }]',
        'checks = [{ kind = "respectful", params = { phrases = { "deal with (it" = "x" } } }]',
    )
    problems = _problems(text)
    assert any(
        "criteria[0] (tone).checks[0] (respectful).params.phrases: 'deal with (it'" in p for p in problems
    )
