"""The calibration report as text for a terminal, or as one self-contained HTML page (no
network: the scatter plot is inline SVG). Every value from the input files is escaped."""

from __future__ import annotations

import html
from typing import Any

Points = list[tuple[float, float]]


def _f(value: float | None, digits: int = 2, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def _ci(ci: list[float] | None) -> str:
    return f"[{ci[0]:+.2f}, {ci[1]:+.2f}]" if ci else ""


def _row(name: str, figures: dict[str, Any]) -> str:
    return (
        f"  {name:<18} n={figures['n']:<5} rho {_f(figures['spearman'], signed=True)} "
        f"{_ci(figures['spearman_ci']):<16} kappa {_f(figures['kappa_quadratic'])}  "
        f"MAE {_f(figures['mae'])}  bias {_f(figures['bias'], signed=True)}"
    )


def text(report: dict[str, Any]) -> str:
    scale = report["scale"]
    lines = [
        f"ticketqa calibrate · rubric {report['rubric']['name']} v{report['rubric']['version']} · "
        f"{report['n']} tickets scored and reviewed",
        f"Human scale found: {scale['description']}. Kappa: {scale['banding']}.",
        "",
        _row("overall", report["overall"]),
    ]
    for criterion, figures in report["criteria"].items():
        suffix = "" if figures["against"] == "criterion" else "  (vs overall human score)"
        lines.append(_row(criterion, figures) + suffix)
    lines += _reviewers(report.get("reviewers"))
    lines += _unmatched(report["unmatched"])
    lines += _disagreements(report["disagreements"])
    if "fit" in report:
        lines += _fit(report["fit"])
    return "\n".join(lines) + "\n"


def _reviewers(reviewers: dict[str, Any] | None) -> list[str]:
    if not reviewers:
        return ["", "Reviewers: one score per ticket, so their agreement with each other is not known."]
    return [
        "",
        f"Reviewers: {reviewers['count']}, {reviewers['tickets_with_two_or_more']} tickets with two or more.",
        f"  each reviewer vs the others: rho {_f(reviewers['spearman_between_reviewers'], signed=True)}; "
        f"ticketqa vs the same: rho {_f(reviewers['spearman_ticketqa_vs_reviewers'], signed=True)}",
        f"  {reviewers['verdict']}.",
    ]


def _unmatched(unmatched: dict[str, Any]) -> list[str]:
    names = {
        "reviews_without_ticket": "reviewed tickets missing from the tickets file",
        "tickets_without_review": "tickets with no review",
        "reviewed_without_score": "tickets whose review rows have no score in the human field",
        "not_scorable": "reviewed tickets ticketqa could not score",
        "unreadable_ticket_lines": "ticket lines that could not be read",
    }
    lines = ["", "Not compared:"]
    for key, said in names.items():
        item = unmatched[key]
        if item["count"]:
            more = " …" if item["count"] > len(item["ids"]) else ""
            lines.append(f"  {item['count']} {said}: {', '.join(item['ids'][:10])}{more}")
    return lines if len(lines) > 2 else ["", "Not compared: none; every ticket and review matched."]


def _disagreements(items: list[dict[str, Any]]) -> list[str]:
    lines = ["", f"The {len(items)} largest disagreements (by rank among these tickets):"]
    for item in items:
        lines.append(
            f"- ticket {item['ticket_id']}: ticketqa {_f(item['ticketqa'], 0)} ({item['band']}), "
            f"reviewers {item['human']:g} — {item['direction']}"
        )
        marked_down = [c for c in item["criteria"] if c["score"] is not None and c["score"] < 1]
        if not marked_down:
            lines.append("    every criterion passed: ticketqa found nothing to mark down")
        for criterion in marked_down:
            lines.append(f"    {criterion['id']} {_f(criterion['score'])}: {criterion['reason']}")
            for quote in criterion["evidence"]:
                lines.append(f'      {quote["role"]} #{quote["message"]}: "{quote["quote"]}"')
    return lines


def _fit(fit: dict[str, Any]) -> list[str]:
    if "error" in fit:
        return ["", f"Fit: refused. {fit['error']}."]
    lines = [
        "",
        f"Fitted weights ({fit['folds']}-fold cross-validation over {fit['n']} tickets; "
        "figures are out of sample):",
        f"  rho with default weights {_f(fit['cv_spearman_default'], signed=True)}, with fitted weights "
        f"{_f(fit['cv_spearman_fitted'], signed=True)}; gain {_ci(fit['gain_ci'])}",
    ]
    for criterion, weight in fit["weights_fitted"].items():
        kept = " (kept: too little data)" if criterion in fit["kept"] else ""
        lines.append(f"  {criterion:<18} {fit['weights_default'][criterion]:>5.1f} -> {weight:>5.1f}{kept}")
    lines.append(f"  Recommendation: {fit['recommendation']}: {fit['why']}.")
    if fit.get("written"):
        lines.append(f"  Written to {fit['written']} (check it with `ticketqa rubric validate`).")
    return lines


def page(report: dict[str, Any], points: Points) -> str:
    """One HTML page: the figures table, a scatter plot and the disagreements."""
    esc = html.escape
    body = [
        f"<h1>Calibration: ticketqa vs your reviewers</h1><p>Rubric {esc(report['rubric']['name'])} "
        f"v{report['rubric']['version']} · {report['n']} tickets · human scale: "
        f"{esc(report['scale']['description'])}</p>",
        _table(report),
        _scatter(points, report["scale"]),
        "<h2>Largest disagreements</h2><ol>",
    ]
    for item in report["disagreements"]:
        body.append(
            f"<li><b>Ticket {esc(item['ticket_id'])}</b>: ticketqa {_f(item['ticketqa'], 0)} "
            f"({esc(str(item['band']))}), reviewers {item['human']:g}<ul>"
        )
        for criterion in item["criteria"]:
            quotes = "".join(f"<q>{esc(q['quote'])}</q> " for q in criterion["evidence"])
            said = f"{esc(criterion['id'])} {_f(criterion['score'])}: {esc(criterion['reason'])}"
            body.append(f"<li>{said} {quotes}</li>")
        body.append("</ul></li>")
    body.append("</ol>")
    if "fit" in report:
        body.append("<h2>Fitted weights</h2><pre>" + esc("\n".join(_fit(report["fit"])[1:])) + "</pre>")
    body.append("<h2>Not compared</h2><pre>" + esc("\n".join(_unmatched(report["unmatched"])[1:])) + "</pre>")
    return _PAGE.format(body="\n".join(body))


def _table(report: dict[str, Any]) -> str:
    esc = html.escape
    names = ("", "n", "Spearman ρ", "95% CI", "κ (quadratic)", "MAE", "bias")
    head = "<tr>" + "".join(f"<th>{name}</th>" for name in names) + "</tr>"
    rows = [("overall", report["overall"]), *report["criteria"].items()]
    cells = [
        f"<tr><td>{esc(name)}</td><td>{f['n']}</td><td>{_f(f['spearman'], signed=True)}</td>"
        f"<td>{_ci(f['spearman_ci'])}</td><td>{_f(f['kappa_quadratic'])}</td><td>{_f(f['mae'])}</td>"
        f"<td>{_f(f['bias'], signed=True)}</td></tr>"
        for name, f in rows
    ]
    return "<table>" + head + "".join(cells) + "</table>"


def _scatter(points: Points, scale: dict[str, Any], size: int = 360, pad: int = 40) -> str:
    low, high = scale["min"], scale["max"]
    span = (high - low) or 1.0
    inner = size - 2 * pad
    dots = "".join(
        f'<circle cx="{pad + m / 100 * inner:.1f}" cy="{size - pad - (h - low) / span * inner:.1f}" r="2.5"/>'
        for m, h in points
    )
    return (
        f'<svg role="img" aria-label="ticketqa score against human score" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}"><rect x="{pad}" y="{pad}" width="{inner}" height="{inner}" '
        f'class="frame"/><g class="dots">{dots}</g>'
        f'<text x="{size / 2}" y="{size - 8}" text-anchor="middle">ticketqa score (0–100)</text>'
        f'<text x="12" y="{size / 2}" transform="rotate(-90 12 {size / 2})" text-anchor="middle">'
        f"human score ({low:g} to {high:g})</text></svg>"
    )


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ticketqa calibration</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
td, th {{ padding: .25rem .6rem; border-bottom: 1px solid #ddd; }}
.frame {{ fill: none; stroke: #999; }} .dots circle {{ fill: #2b6cb0; fill-opacity: .45; }}
q {{ color: #444; }}
</style></head><body>
{body}
</body></html>
"""
