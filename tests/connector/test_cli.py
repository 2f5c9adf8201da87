"""The offline command line: `score`, `schema`, `rubric show|validate`, and exit codes."""

import io
import json
from pathlib import Path

import pytest

from connector.cli import main

EXAMPLES = Path(__file__).parents[2] / "examples" / "tickets.jsonl"
GOOD = json.dumps(
    {
        "id": "1",
        "messages": [
            {"author_role": "customer", "body": "My order 58213 arrived broken, can you replace it?"},
            {
                "author_role": "agent",
                "body": "Hi, I'm sorry! I've sent a replacement today; it arrives Friday.",
            },
        ],
    }
)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_score_json_lines_in_input_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "score", str(EXAMPLES))
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    expected = [json.loads(line)["id"] for line in EXAMPLES.read_text().splitlines() if line]
    assert [r["ticket_id"] for r in rows] == expected
    assert len(rows) >= 40
    for row in rows:
        assert {"ticket_id", "score", "band", "criteria", "note"} <= row.keys()
        for criterion in row["criteria"]:
            assert {"id", "score", "reason", "evidence"} <= criterion.keys()


def test_bad_lines_are_reported_with_their_number_and_the_rest_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([GOOD, "{not json", json.dumps({"id": "9"}), "", GOOD]) + "\n")
    code, out, err = _run(capsys, "score", str(path))
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r.get("ticket_id") for r in rows] == ["1", None, "9", "1"]
    assert rows[1] == {"line": 2, "ticket_id": None, "error": rows[1]["error"]}
    assert "line 2: not valid JSON" in err
    assert "line 3 (ticket 9): not a valid ticket: messages: Field required" in err
    assert "2 line(s) could not be scored" in err


def test_score_reads_standard_input_and_renders_notes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD + "\n"))
    for fmt, start in (
        ("text", "=== ticket 1 ==="),
        ("markdown", "## Ticket 1"),
        ("html", "<h2>Ticket 1</h2>"),
    ):
        monkeypatch.setattr("sys.stdin", io.StringIO(GOOD + "\n"))
        code, out, _ = _run(capsys, "score", "-", "--format", fmt)
        assert code == 0 and out.startswith(start)
        assert "[ticketqa:default@2:" in out


def test_note_format_in_json(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD + "\n"))
    _, out, _ = _run(capsys, "score", "-", "--note-format", "html")
    assert json.loads(out)["note"].startswith("<p><strong>QA ")


def test_missing_file_and_bad_rubric_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "score", str(tmp_path / "nope.jsonl"))
    assert code == 2 and "cannot read" in err
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "x"\nversion = 1\n[[criteria]]\nid = "a"\ntitle = "A"\nweight = 1\n'
        'checks = [{ kind = "nope" }]\n'
    )
    code, _, err = _run(capsys, "score", str(EXAMPLES), "--rubric", str(bad))
    assert code == 2 and "criteria[0] (a).checks[0].kind: unknown check 'nope'" in err


def test_schema_ticket_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "schema", "ticket")
    assert code == 0
    assert json.loads(out)["title"] == "Ticket"


def test_rubric_show_and_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rubric", "show")
    assert code == 0 and "Resolution & outcome [resolution] weight 45" in out
    assert "respectful ×3 (critical)" in out
    code, out, _ = _run(capsys, "rubric", "show", "--json")
    assert json.loads(out)["name"] == "default"
    copy = tmp_path / "mine.toml"
    copy.write_text((Path(__file__).parents[2] / "rubric" / "default.toml").read_text())
    code, out, _ = _run(capsys, "rubric", "validate", str(copy))
    assert code == 0 and "valid (default v2, 6 criteria" in out


def test_config_check_reports_problems_and_passes_a_good_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    example = (Path(__file__).parents[2] / "ticketqa.example.toml").read_text()
    path = tmp_path / "ticketqa.toml"
    path.write_text(example)
    for name in ("ZENDESK_CLIENT_ID", "ZENDESK_CLIENT_SECRET", "FRESHDESK_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = _run(capsys, "config", "check", "--config", str(path))
    assert code == 2 and "ZENDESK_CLIENT_SECRET is not set" in err
    (tmp_path / ".env").write_text("ZENDESK_CLIENT_ID=a\nZENDESK_CLIENT_SECRET=b\nFRESHDESK_API_KEY=c\n")
    code, out, _ = _run(capsys, "config", "check", "--config", str(path))
    assert code == 0 and "valid (2 account(s))" in out and "acme-zendesk: zendesk acme" in out


@pytest.mark.parametrize("value", ["-5", "0", "ten"])
def test_backfill_refuses_a_limit_that_is_not_a_positive_number(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["backfill", "--since", "2026-10-01", "--limit", value])
    assert exit_.value.code == 2 and "--limit" in capsys.readouterr().err
