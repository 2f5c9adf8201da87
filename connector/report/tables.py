"""The report's tables for spreadsheets and BI tools: JSON as built, or CSV in long form (one
figure a row: table, week, group, criterion, metric, value), which pivots in any tool."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

COLUMNS = ("table", "week", "group", "criterion", "metric", "value")


def as_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1)


def as_csv(report: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in _rows(report):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _cell(value: object) -> object:
    # A cell a spreadsheet would run as a formula (=, +, -, @ first) is quoted as text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


Row = tuple[str, str | None, str | None, str | None, str, object]


def _rows(report: dict[str, Any]) -> Iterator[Row]:
    coverage, quality = report["coverage"], report["quality"]
    yield ("coverage", None, None, None, "tickets", coverage["tickets"])
    yield ("coverage", None, None, None, "scored", coverage["scored"])
    for item in coverage["not_scored"]:
        yield ("coverage", None, None, None, f"not scored: {item['why']}", item["tickets"])
    for key in ("mean", "low", "high"):
        yield ("quality", None, None, None, f"score {key}", quality["score"][key])
    for band, figures in quality["bands"].items():
        yield ("quality", None, None, None, f"band {band} share", figures["share"])
    yield ("quality", None, None, None, "critical fails", quality["critical_fails"]["tickets"])
    for key in ("reopen_rate", "first_reply_minutes", "wait_minutes"):
        yield ("quality", None, None, None, key.replace("_", " "), quality[key])
    for item in report["distribution"]:
        yield ("distribution", None, None, None, f"{item['from']}-{item['to']}", item["tickets"])
    for week in report["weekly"]:
        yield ("weekly", week["week"], None, None, "tickets", week["tickets"])
        yield ("weekly", week["week"], None, None, "mean", week["mean"])
        for criterion, mean in week["criteria"].items():
            yield ("weekly", week["week"], None, criterion, "mean", mean)
    yield from _group_rows(report)
    for item in report["suggestions"]:
        yield ("suggestions", None, item["group"], item["criterion"], "mean", item["mean"])
        yield ("suggestions", None, item["group"], item["criterion"], "text", item["text"])
        for example in item["examples"]:
            yield (
                "suggestions",
                None,
                item["group"],
                item["criterion"],
                "example",
                example["link"] or example["ticket_id"],
            )


def _group_rows(report: dict[str, Any]) -> Iterator[Row]:
    for group in report["groups"]:
        name = group["name"]
        yield ("groups", None, name, None, "tickets", group["tickets"])
        if not group["enough_data"]:
            yield ("groups", None, name, None, "note", "not enough data")
            continue
        for key in ("mean", "low", "high", "critical_fails"):
            yield ("groups", None, name, None, key.replace("_", " "), group[key])
        if group["trend"] is not None:
            yield ("groups", None, name, None, "trend points a week", group["trend"]["points_a_week"])
            yield ("groups", None, name, None, "trend", group["trend"]["label"])
        for criterion, figures in group["criteria"].items():
            yield ("heatmap", None, name, criterion, "mean", figures["mean"])
            yield ("heatmap", None, name, criterion, "tickets", figures["tickets"])
