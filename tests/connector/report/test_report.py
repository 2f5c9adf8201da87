"""`ticketqa report` finds exactly the patterns planted in a generated ledger, never judges on
too few tickets, and writes tables a browser, a spreadsheet and a BI tool can take."""

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bench.ledger import Planted
from connector.cli import main

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def report(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["report", *args]) == 0
    return capsys.readouterr().out


def as_json(capsys: pytest.CaptureFixture[str], config: Path, *args: str) -> dict[str, Any]:
    return json.loads(
        report(capsys, "--config", str(config), "--since", "2026-08-01", "--format", "json", *args)
    )


def test_the_weak_criterion_and_the_improving_agent_are_found_and_nothing_else(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    planted = Planted()
    found = as_json(capsys, example)
    suggestions = {(s["group"], s["criterion"]) for s in found["suggestions"]}
    assert suggestions == {planted.weak}
    trends = {g["name"]: g["trend"]["label"] for g in found["groups"] if g["trend"]}
    assert {name for name, label in trends.items() if label != "steady"} == {planted.improving}
    assert trends[planted.improving] == "improving"
    ana = next(g for g in found["groups"] if g["name"] == planted.weak[0])
    assert ana["weakest"]["id"] == "listening"


def test_fewer_than_ten_tickets_is_not_enough_data(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = as_json(capsys, example)
    few = next(g for g in found["groups"] if g["name"] == Planted().too_few)
    assert few["tickets"] < 10 and not few["enough_data"]
    assert few["trend"] is None and few["strongest"] is None and few["weakest"] is None
    assert all(s["group"] != few["name"] for s in found["suggestions"])
    html = report(capsys, "--config", str(example), "--since", "2026-08-01")
    assert "not enough data (fewer than 10 tickets)" in html


def test_a_suggestion_reads_as_a_coach_with_the_rubric_definition_and_links(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (suggestion,) = as_json(capsys, example)["suggestions"]
    assert suggestion["text"].startswith("A session on active listening could help Ana Weak-Listening")
    assert "The rubric looks for:" in suggestion["text"]
    assert [
        e["link"].startswith("https://acme.zendesk.com/agent/tickets/") for e in suggestion["examples"]
    ] == [True] * 3


def test_coverage_counts_what_was_not_scored_and_why(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    coverage = as_json(capsys, example)["coverage"]
    assert coverage["tickets"] == coverage["scored"] + sum(r["tickets"] for r in coverage["not_scored"])
    assert coverage["not_scored"][0]["why"] == "skipped: no agent replied"


def test_a_period_and_one_account_narrow_the_report(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    everything = as_json(capsys, example)["coverage"]["tickets"]
    recent = as_json(capsys, example, "--since", "2026-11-01", "--until", "2026-11-30")
    assert 0 < recent["coverage"]["tickets"] < everything
    assert recent["period"]["first_ticket"] >= "2026-11-01"
    assert main(["report", "--config", str(example), "--account", "nope"]) == 2
    assert "--account 'nope' is not in" in capsys.readouterr().err


def test_grouping_by_team_or_channel(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    teams = {g["name"] for g in as_json(capsys, example, "--group", "team")["groups"]}
    assert teams == {"Billing", "Tech", "no team"}
    channels = {g["name"] for g in as_json(capsys, example, "--group", "channel")["groups"]}
    assert channels == {"email", "web", "chat"}


def test_csv_is_long_form_and_safe_for_spreadsheets(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = report(capsys, "--config", str(example), "--since", "2026-08-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert set(rows[0]) == {"table", "week", "group", "criterion", "metric", "value"}
    assert {r["table"] for r in rows} >= {"coverage", "quality", "weekly", "groups", "heatmap", "suggestions"}


def _result(ticket: str, agent: str, score: float, **extra: Any) -> str:
    data = {
        "ticket_id": ticket, "status": "scored", "score": score, "band": "coach", "failed_critical": False,
        "agent_name": agent, "agent_id": "7", "solved_at": "2026-11-20T10:00:00Z",
        "criteria": [{"id": "listening", "score": score / 100}], **extra,
    }  # fmt: skip
    return json.dumps(data) + "\n"


def test_results_files_report_without_a_connector_and_hostile_names_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = '=HYPERLINK("http://x")<script>alert(1)</script>\u202e'
    lines = [_result(str(n), hostile, 60 + n) for n in range(12)]
    lines += ['{"line": 3, "ticket_id": null, "error": "not valid JSON"}\n', "not json at all\n"]
    path = tmp_path / "results.jsonl"
    path.write_text("".join(lines))
    html = report(capsys, "--results", str(path))
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\u202e" not in html
    text = report(capsys, "--results", str(path), "--format", "csv")
    names = {row["group"] for row in csv.DictReader(io.StringIO(text)) if row["group"]}
    assert names == {"'" + hostile.replace("\u202e", "")}  # quoted as text, not a formula; no overrides
    found = json.loads(report(capsys, "--results", str(path), "--format", "json"))
    assert found["coverage"]["scored"] == 12
    assert sum(r["tickets"] for r in found["coverage"]["not_scored"]) == 2


def test_a_missing_ledger_or_bad_date_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--results", str(tmp_path / "none.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["report", "--results", str(tmp_path / "none.jsonl"), "--since", "last tuesday"]) == 2
    assert "--since takes 30d, 12w or a date like 2026-11-01, not 'last tuesday'" in capsys.readouterr().err


def test_without_the_charting_extra_the_html_says_how_to_get_charts_and_keeps_the_tables(
    example: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from connector.report import charts

    monkeypatch.setattr(charts, "available", lambda: False)
    html = report(capsys, "--config", str(example), "--since", "2026-08-01")
    assert "pip install &#x27;ticketqa[report]&#x27;" in html and "<svg" not in html
    assert "Criterion × agent" in html and "What to train next" in html


def test_a_score_result_carries_the_agent_channel_and_solve_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = "My parcel never arrived, can you check order 5521?"
    answered = "Hi, I checked order 5521: it is at the depot and arrives tomorrow."
    ticket = {
        "id": "9", "solved_at": "2026-11-20T10:00:00Z", "assignee": {"id": 42, "name": "Dee"},
        "messages": [
            {"author_role": "customer", "body": asked, "channel": "email"},
            {"author_role": "agent", "body": answered},
        ],
    }  # fmt: skip
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(ticket) + "\n")
    assert main(["score", str(path)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["agent_id"], result["agent_name"], result["channel"]) == ("42", "Dee", "email")
    assert result["solved_at"].startswith("2026-11-20T10:00:00")
