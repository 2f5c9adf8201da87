"""`ticketqa score` on hostile input: every line gets one result or one error, nothing from a
ticket reaches a heading, a note or an error line unescaped, and huge bodies stay small."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector.cli import main
from connector.offline import score_lines
from rubric.spec import load_rubric
from tests.connector.test_cli import GOOD


def _score(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lines: list[str], *args: str
) -> tuple[int, str, str]:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["score", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _ticket(**changes: object) -> str:
    data = json.loads(GOOD)
    data.update(changes)
    return json.dumps(data)


HOSTILE = {
    "lone surrogate": _ticket(subject="\udfff broken"),
    "nested 1,000 deep": "[" * 1000 + "]" * 1000,
    "integer of 5,000 digits": '{"id": ' + "9" * 5000 + "}",
    "not JSON": "{this is not json",
}


def test_every_line_gets_one_result_or_one_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = ["\ufeff" + GOOD, *HOSTILE.values(), GOOD]
    code, out, err = _score(capsys, tmp_path, lines)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(lines)
    assert rows[0]["score"] is not None and rows[-1]["score"] is not None  # the BOM line is read
    assert rows[1]["score"] is not None  # the lone surrogate became U+FFFD, the ticket scored
    assert [r["line"] for r in rows if "error" in r] == [3, 4, 5]
    assert "nested too deeply" in err and "thousands of digits" in err and "Traceback" not in err
    assert code == 1  # some lines were bad; a crash would be 5


def test_ids_are_escaped_in_headings_and_cleaned_in_error_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    evil = "<script>alert(1)</script>\u202e"
    code, out, _ = _score(capsys, tmp_path, [_ticket(id=evil)], "--format", "html")
    assert code == 0 and "<script>" not in out and "&lt;script&gt;" in out and "\u202e" not in out
    _, out, _ = _score(capsys, tmp_path, [_ticket(id=evil)], "--format", "markdown")
    assert "## Ticket &lt;script&gt;alert\\(1\\)&lt;/script&gt;" in out.replace("(", "\\(").replace(
        "\\\\(", "\\("
    ) or ("<script>" not in out)
    _, _, err = _score(capsys, tmp_path, [json.dumps({"id": "x" * 10_000 + "\u202e", "messages": "no"})])
    line = next(line for line in err.splitlines() if "line 1" in line)
    assert len(line) < 400 and "\u202e" not in line


def test_direction_overrides_and_controls_never_reach_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = "My order\u202e 58213 arrived broken\x07, can you replace it?"
    data = json.loads(GOOD)
    data["messages"][0]["body"] = body
    _, out, _ = _score(capsys, tmp_path, [json.dumps(data)], "--format", "text")
    assert "\u202e" not in out and "\x07" not in out


def test_a_huge_body_gives_capped_quotes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = json.loads(GOOD)
    data["messages"][1]["body"] = "I've sent a replacement today " + "and more words " * 200_000
    _, out, _ = _score(capsys, tmp_path, [json.dumps(data)])
    row = json.loads(out)
    quotes = [e["quote"] for c in row["criteria"] for e in c["evidence"]]
    assert quotes and max(len(q) for q in quotes) <= 500 and len(out) < 200_000


# A property-based fuzz of `score`'s input: whatever a line holds, one result or one error.
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=10,
)
_message = st.fixed_dictionaries(
    {
        "author_role": st.sampled_from(["customer", "agent", "bot", "system", "x"]) | _values,
        "body": st.text(max_size=200) | _values,
    },
    optional={
        "public": _values,
        "created_at": st.sampled_from(["2026-11-01T09:00:00Z", "not a date"]) | _values,
    },
)
_fuzz_ticket = st.fixed_dictionaries(
    {"id": st.text(max_size=12) | st.integers(), "messages": st.lists(_message, max_size=5) | _values},
    optional={"requester": _values, "status": _values, "language": _values},
)
_line = (
    _fuzz_ticket.map(json.dumps)
    | _values.map(json.dumps)
    | st.text(max_size=80).filter(lambda s: "\n" not in s and "\r" not in s)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_line, min_size=1, max_size=4))
def test_any_line_gives_one_result_or_one_error(lines: list[str]) -> None:
    rubric = load_rubric()
    produced = list(score_lines(lines, rubric))
    assert len(produced) == sum(1 for line in lines if line.strip())
