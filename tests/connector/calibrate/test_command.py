"""`ticketqa calibrate` as a QA lead runs it, on the repository's own example tickets."""

import json
import sys
from pathlib import Path

import pytest

from connector.cli import main

ROOT = Path(__file__).parents[3]
TICKETS = ROOT / "examples" / "tickets.jsonl"
REVIEWS = ROOT / "examples" / "calibration" / "reviews.csv"


def test_the_json_report_has_the_documented_keys_and_lists_what_did_not_match(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["calibrate", str(TICKETS), str(REVIEWS), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= {"n", "scale", "overall", "criteria", "reviewers", "disagreements", "unmatched"}
    assert set(report["overall"]) >= {"spearman", "spearman_ci", "kappa_quadratic", "mae", "bias"}
    assert (
        report["scale"]["kind"] == "integer" and report["scale"]["min"] == 1 and report["scale"]["max"] == 5
    )
    assert report["criteria"]["resolution"]["against"] == "criterion"  # ana's own resolution column
    assert report["criteria"]["empathy"]["against"] == "overall"
    assert report["reviewers"]["count"] == 2
    unmatched = report["unmatched"]
    assert unmatched["reviews_without_ticket"]["ids"] == ["9999"]
    assert unmatched["tickets_without_review"]["ids"] == ["4882", "4883", "4940"]
    assert report["n"] + unmatched["not_scorable"]["count"] == 44  # every reviewed ticket accounted for
    assert 0 < len(report["disagreements"]) <= 10


def test_the_same_files_give_the_same_figures(capsys: pytest.CaptureFixture[str]) -> None:
    main(["calibrate", str(TICKETS), str(REVIEWS), "--format", "json"])
    first = capsys.readouterr().out
    main(["calibrate", str(TICKETS), str(REVIEWS), "--format", "json"])
    assert capsys.readouterr().out == first


def test_html_is_one_self_contained_escaped_page(tmp_path: Path) -> None:
    tickets = tmp_path / "tickets.jsonl"
    lines = TICKETS.read_text().splitlines()
    hostile = json.loads(lines[0])
    hostile["id"] = "<script>alert(1)</script>"
    tickets.write_text("\n".join([*lines, json.dumps(hostile)]) + "\n")
    reviews = tmp_path / "reviews.csv"
    reviews.write_text(REVIEWS.read_text() + '"<script>alert(1)</script>",ana,1,\n')
    out = tmp_path / "calibration.html"
    assert main(["calibrate", str(tickets), str(reviews), "--format", "html", "--out", str(out)]) == 0
    page = out.read_text()
    assert page.startswith("<!doctype html>") and "<svg" in page and "<circle" in page
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "http://" not in page and "https://" not in page  # nothing fetched from the network


def test_fit_refuses_fewer_than_fifty_tickets_and_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate", str(TICKETS), str(REVIEWS), "--fit"]) == 2
    captured = capsys.readouterr()
    assert "at least 50 reviewed and scored tickets, and only 38" in captured.err


def test_fit_writes_a_rubric_that_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tickets, reviews = _doubled(tmp_path)
    out = tmp_path / "my-rubric.toml"
    assert main(["calibrate", str(tickets), str(reviews), "--fit", "--folds", "3", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "3-fold cross-validation" in said and "Recommendation:" in said
    text = out.read_text()
    assert text.startswith("# Fitted by `ticketqa calibrate --fit`") and 'name = "default-fitted"' in text
    assert main(["rubric", "validate", str(out)]) == 0
    assert "default-fitted v3" in capsys.readouterr().out  # the base is default v2


def _doubled(tmp_path: Path) -> tuple[Path, Path]:
    """The examples twice over (new ids), so there are more than 50 reviewed tickets."""
    lines = [json.loads(line) for line in TICKETS.read_text().splitlines()]
    copies = [{**t, "id": f"{t['id']}-2"} for t in lines]
    tickets = tmp_path / "tickets.jsonl"
    tickets.write_text("".join(json.dumps(t) + "\n" for t in lines + copies))
    rows = REVIEWS.read_text().splitlines()
    extra = [f"{r.split(',', 1)[0]}-2,{r.split(',', 1)[1]}" for r in rows[1:]]
    reviews = tmp_path / "reviews.csv"
    reviews.write_text("\n".join(rows + extra) + "\n")
    return tickets, reviews


@pytest.mark.parametrize(
    ("reviews", "said"),
    [
        ("ticket_id,score\n4812,4\n4812,5\n", "row 3: ticket 4812 has a second score"),
        ("ticket_id,score\n4812,good\n", "row 2: 'score' is 'good', not a number"),
        ("id,score\n1,4\n", "no field 'ticket_id' in any row; name the ticket id with --id-field"),
        ("ticket_id,score\n1,4\n", "no scored ticket has a review"),
    ],
    ids=["duplicate", "not-numeric", "no-id-field", "no-match"],
)
def test_bad_reviews_are_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], reviews: str, said: str
) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text(reviews)
    assert main(["calibrate", str(TICKETS), str(path)]) == 2
    assert said in capsys.readouterr().err


def test_without_the_extra_it_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import connector.calibrate

    for name in [
        m for m in sys.modules if m.startswith("connector.calibrate.") and not m.endswith("command")
    ]:
        monkeypatch.delitem(sys.modules, name)
        monkeypatch.delattr(connector.calibrate, name.rsplit(".", 1)[1], raising=False)
    monkeypatch.setitem(sys.modules, "scipy", None)
    assert main(["calibrate", str(TICKETS), str(REVIEWS)]) == 2
    assert "pip install 'ticketqa[calibrate]'" in capsys.readouterr().err
