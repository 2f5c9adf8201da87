"""The report as one self-contained HTML file: no script, no network, inline SVG charts and
CSS, readable on a laptop and printable. Every value that came from a helpdesk (names, ids,
reasons) is escaped and stripped of control and direction characters."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from connector.report import charts
from rubric.text import printable

_STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d232a;max-width:1100px;
margin:2em auto;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd}
.muted{color:#5b6670}.cards{display:flex;flex-wrap:wrap;gap:.8em}
.card{border:1px solid #d8dde2;border-radius:6px;padding:.6em .9em;min-width:9em}
.card b{display:block;font-size:1.4em}
table{border-collapse:collapse;margin:.6em 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d8dde2;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f5f7}td.n{text-align:right}.heat td.n{min-width:4.2em}
.suggestion{border-left:4px solid #4c72b0;background:#f6f8fb;padding:.5em .8em;margin:.6em 0}
svg{max-width:100%;height:auto}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,.suggestion{break-inside:avoid}}
"""


def render(report: dict[str, Any], title: str) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="muted">{_e(_period(report))}; grouped by {_e(report["group_by"])}. '
        f"Generated {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} by ticketqa.</p>",
        _summary_cards(report),
        _coverage(report),
        _charts(report),
        _heatmap(report),
        _groups(report),
        _suggestions(report),
        _how_to_read(report),
        "</body></html>",
    ]
    return "\n".join(parts)


def _e(value: object, limit: int = 200) -> str:
    return html.escape(printable(str(value), limit), quote=True)


def _num(value: float | None, suffix: str = "") -> str:
    return "–" if value is None else f"{value:.0f}{suffix}" if abs(value) >= 10 else f"{value:.1f}{suffix}"


def _period(report: dict[str, Any]) -> str:
    period = report["period"]
    first, last = period["first_ticket"], period["last_ticket"]
    if first is None:
        return "No scored tickets in this period"
    return f"Tickets solved {first[:10]} to {last[:10]}"


def _summary_cards(report: dict[str, Any]) -> str:
    quality, coverage = report["quality"], report["coverage"]
    score = quality["score"]
    interval = "" if score["low"] is None else f"95 % interval {score['low']:.0f}–{score['high']:.0f}"
    cards = [
        ("Tickets scored", f"{coverage['scored']:,}", f"of {coverage['tickets']:,} handled"),
        ("Mean score", _num(score["mean"]), interval),
        (
            "Critical fails",
            f"{quality['critical_fails']['tickets']:,}",
            f"{_num(quality['critical_fails']['share'], ' %')}",
        ),
    ]
    for band, figures in sorted(quality["bands"].items(), key=lambda item: _BAND_ORDER.get(item[0], 9)):
        cards.append((f"Band: {band}", _num(figures["share"], " %"), f"{figures['tickets']:,} tickets"))
    if quality["reopen_rate"] is not None:
        cards.append(
            ("Reopened", _num(quality["reopen_rate"], " %"), f"of {quality['reopen_known']:,} known")
        )
    if quality["first_reply_minutes"] is not None:
        cards.append(
            (
                "First reply",
                _minutes(quality["first_reply_minutes"]),
                f"mean of {quality['first_reply_known']:,}",
            )
        )
    if quality["wait_minutes"] is not None:
        cards.append(
            ("Customer waited", _minutes(quality["wait_minutes"]), f"mean of {quality['wait_known']:,}")
        )
    body = "".join(
        f'<div class="card">{_e(t)}<b>{_e(v)}</b><span class="muted">{_e(s)}</span></div>'
        for t, v, s in cards
    )
    return f'<h2>Quality at a glance</h2><div class="cards">{body}</div>'


_BAND_ORDER = {"great": 0, "coach": 1, "review": 2}


def _minutes(value: float) -> str:
    return f"{value:.0f} min" if value < 120 else f"{value / 60:.1f} h"


def _coverage(report: dict[str, Any]) -> str:
    coverage = report["coverage"]
    rows = "".join(
        f"<tr><td>{_e(r['why'])}</td><td class=n>{r['tickets']:,}</td></tr>" for r in coverage["not_scored"]
    )
    judged = ", ".join(f"{_e(k)} {v:,}" for k, v in sorted(coverage["judged_by"].items())) or "–"
    undated = coverage["left_out_undated"]
    note = (
        f"<p class=muted>{undated:,} results without a date were left out of the period.</p>"
        if undated
        else ""
    )
    table = f"<table><tr><th>Not scored, because</th><th>Tickets</th></tr>{rows}</table>" if rows else ""
    counts = f"{coverage['scored']:,} scored of {coverage['tickets']:,}; judged by {judged}."
    return f"<h2>Coverage</h2><p>{counts}</p>{table}{note}"


def _charts(report: dict[str, Any]) -> str:
    if not charts.available():
        return f"<h2>Score distribution and weekly trend</h2><p class=muted>{_e(charts.MISSING)}</p>"
    parts = ["<h2>Score distribution</h2>", charts.distribution(report["distribution"])]
    if report["weekly"]:
        parts += ["<h2>Weekly trend</h2>", charts.weekly(report["weekly"], report["criteria"])]
    return "\n".join(parts)


def _heat(value: float | None) -> str:
    if value is None:
        return ""
    hue = max(0.0, min(120.0, (value - 40) * 2))  # 40 and below red, 100 green
    return f' style="background:hsl({hue:.0f},70%,82%)"'


def _heatmap(report: dict[str, Any]) -> str:
    criteria = report["criteria"]
    if not criteria or not report["groups"]:
        return ""
    head = "".join(f"<th>{_e(c['title'])}</th>" for c in criteria)
    everyone = "".join(f"<td class=n{_heat(c['mean'])}>{_num(c['mean'])}</td>" for c in criteria)
    rows = [f"<tr><th>Everyone</th>{everyone}</tr>"]
    for group in report["groups"]:
        cells = []
        for c in criteria:
            found = group["criteria"].get(c["id"])
            if found is None:
                cells.append("<td class=n>–</td>")
                continue
            count = f"<span class=muted> ({found['tickets']})</span>"
            # Too few tickets to read anything into: shown, not coloured.
            colour = _heat(found["mean"]) if group["enough_data"] else ""
            cells.append(f"<td class=n{colour}>{_num(found['mean'])}{count}</td>")
        rows.append(f"<tr><th>{_e(group['name'])}</th>{''.join(cells)}</tr>")
    return (
        f"<h2>Criterion × {_e(report['group_by'])}</h2><p class=muted>Mean points out of 100; "
        "tickets judged on it in brackets.</p>"
        f"<table class=heat><tr><th></th>{head}</tr>{''.join(rows)}</table>"
    )


def _groups(report: dict[str, Any]) -> str:
    titles = ("Name", "Tickets", "Mean (95 % interval)", "Trend", "Strongest", "Weakest", "Lowest tickets")
    head = "<tr>" + "".join(f"<th>{t}</th>" for t in titles) + "</tr>"
    rows = []
    for g in report["groups"]:
        if not g["enough_data"]:
            why = f"not enough data (fewer than {report['min_tickets']} tickets)"
            rows.append(
                f"<tr><td>{_e(g['name'])}</td><td class=n>{g['tickets']}</td><td colspan=5>{why}</td></tr>"
            )
            continue
        interval = "" if g["low"] is None else f" ({g['low']:.0f}–{g['high']:.0f})"
        rows.append(
            f"<tr><td>{_e(g['name'])}</td><td class=n>{g['tickets']:,}</td>"
            f"<td class=n>{_num(g['mean'])}{interval}</td>"
            f"<td>{_trend(g['trend'])}</td><td>{_criterion(g['strongest'])}</td><td>{_criterion(g['weakest'])}</td>"
            f"<td>{_links(g['examples'])}</td></tr>"
        )
    return f"<h2>Per {_e(report['group_by'])}</h2><table>{head}{''.join(rows)}</table>"


def _trend(trend: dict[str, Any] | None) -> str:
    if trend is None:
        return "<span class=muted>–</span>"
    change = f"{trend['points_a_week']:+.1f} ± {trend['plus_minus']:.1f} a week"
    return f"{_e(trend['label'])} <span class=muted>({change})</span>"


def _criterion(found: dict[str, Any] | None) -> str:
    return "–" if found is None else f"{_e(found['title'])} <span class=muted>{found['mean']:.0f}</span>"


def _links(examples: list[dict[str, Any]]) -> str:
    items = []
    for ex in examples:
        label = f"#{_e(ex['ticket_id'])} ({ex['score']:.0f})"
        url = ex["link"]
        items.append(f'<a href="{html.escape(url, quote=True)}">{label}</a>' if url else label)
    return ", ".join(items)


def _suggestions(report: dict[str, Any]) -> str:
    found = report["suggestions"]
    if not found:
        calm = (
            f"Nothing stands out: no {_e(report['group_by'])} with {report['min_tickets']} or more "
            "tickets is clearly below everyone on a criterion."
        )
        return f"<h2>What to train next</h2><p class=muted>{calm}</p>"
    items = "".join(
        f'<div class="suggestion">{_e(s["text"], 2000)}<br><span class=muted>Tickets to go through together: '
        f"{_links(s['examples'])}</span></div>"
        for s in found
    )
    return f"<h2>What to train next</h2>{items}"


def _how_to_read(report: dict[str, Any]) -> str:
    return (
        "<h2>How to read this</h2><p class=muted>Scores are ticketqa's rubric scores (0–100); criteria are "
        "matched by id across rubric versions. An interval is where the true mean lies with 95 % confidence: "
        "two groups whose intervals overlap are not shown to differ. A trend is the score's change a week, "
        "called improving or declining only when its interval excludes zero. Nothing is ranked or "
        f"suggested on fewer than {report['min_tickets']} tickets. The examples are links into the "
        "helpdesk; this file holds no ticket text.</p>"
    )
