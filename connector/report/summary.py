"""From gathered figures to the report's tables, as plain data: the HTML, CSV and JSON forms
all render this one structure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from connector.report.stats import MIN_CRITERION, MIN_TICKETS, Figures, Group, Moments, lowest
from rubric.spec import Rubric

Link = Callable[[str, str], str | None]  # (account, ticket id) → a URL into the helpdesk, or None


@dataclass(frozen=True)
class CriterionInfo:
    id: str
    title: str
    looks_for: list[str]  # the rubric's own definition: what its checks look for


def criteria_info(rubric: Rubric) -> dict[str, CriterionInfo]:
    return {
        c.spec.id: CriterionInfo(
            c.spec.id,
            c.spec.title,
            [
                check.kind.description
                for check in c.checks
                if check.spec.weight > 0 and check.kind.description
            ],
        )
        for c in rubric.criteria
    }


def summarise(figures: Figures, info: dict[str, CriterionInfo], link: Link, group_by: str) -> dict[str, Any]:
    criteria = _criteria_order(figures, info)
    groups = [_group_row(figures.groups[name], criteria, info, link) for name in sorted(figures.groups)]
    return {
        "period": {
            "since": _iso(figures.since),
            "until": _iso(figures.until),
            "first_ticket": _iso(figures.first),
            "last_ticket": _iso(figures.last),
        },
        "group_by": group_by,
        "coverage": _coverage(figures),
        "quality": _quality(figures),
        "distribution": [
            {"from": 10 * i, "to": 10 * i + (10 if i == 9 else 9), "tickets": n}
            for i, n in enumerate(figures.bins)
        ],
        "criteria": [{"id": c, "title": _title(info, c), **_moments(figures.criterion(c))} for c in criteria],
        "weekly": _weekly(figures, criteria),
        "groups": groups,
        "suggestions": _suggestions(figures, criteria, info, link, group_by),
        "min_tickets": MIN_TICKETS,
    }


def _criteria_order(figures: Figures, info: dict[str, CriterionInfo]) -> list[str]:
    """The rubric's order first, then criteria only old records carry."""
    present = figures.criterion_ids()
    return [c for c in info if c in present] + sorted(present - set(info))


def _title(info: dict[str, CriterionInfo], criterion: str) -> str:
    return info[criterion].title if criterion in info else criterion.replace("_", " ").capitalize()


def _moments(moments: Moments) -> dict[str, Any]:
    interval = moments.interval()
    return {
        "tickets": moments.n,
        "mean": _round(moments.mean),
        "low": None if interval is None else round(interval[0], 1),
        "high": None if interval is None else round(interval[1], 1),
    }


def _coverage(figures: Figures) -> dict[str, Any]:
    total = sum(figures.outcomes.values())
    return {
        "tickets": total,
        "scored": figures.outcomes["scored"],
        "not_scored": [{"why": why, "tickets": n} for why, n in figures.not_scored.most_common()],
        "left_out_undated": figures.undated,
        "judged_by": dict(figures.judged_by),
    }


def _quality(figures: Figures) -> dict[str, Any]:
    score = figures.score
    scored = score.n
    return {
        "score": _moments(score),
        "bands": {
            band: {"tickets": n, "share": _share(n, scored)} for band, n in figures.bands.most_common()
        },
        "critical_fails": {"tickets": figures.critical, "share": _share(figures.critical, scored)},
        "reopen_rate": None if not figures.reopened.n else _round(100 * (figures.reopened.mean or 0)),
        "reopen_known": figures.reopened.n,
        "first_reply_minutes": _round(figures.first_reply.mean),
        "first_reply_known": figures.first_reply.n,
        "wait_minutes": _round(figures.wait.mean),
        "wait_known": figures.wait.n,
    }


def _weekly(figures: Figures, criteria: list[str]) -> list[dict[str, Any]]:
    rows = []
    for week in sorted(figures.weeks):
        row: dict[str, Any] = {"week": week, **_moments(figures.weeks[week])}
        row["criteria"] = {
            c: _round(figures.week_criteria[(week, c)].mean)
            for c in criteria
            if (week, c) in figures.week_criteria
        }
        rows.append(row)
    return rows


def _group_row(
    group: Group, criteria: list[str], info: dict[str, CriterionInfo], link: Link
) -> dict[str, Any]:
    enough = group.score.n >= MIN_TICKETS
    judged = {c: group.criteria[c] for c in criteria if group.criteria.get(c) and group.criteria[c].n}
    ranked = sorted(
        ((m.mean or 0.0, c) for c, m in judged.items() if m.n >= MIN_CRITERION),
        key=lambda item: (item[0], item[1]),
    )
    slope = group.trend.slope() if enough else None
    return {
        "name": group.name,
        "enough_data": enough,
        **_moments(group.score),
        "critical_fails": group.critical,
        "trend": None if slope is None else _trend(*slope),
        "strongest": None if not enough or len(ranked) < 2 else _named(info, ranked[-1]),
        "weakest": None if not enough or len(ranked) < 2 else _named(info, ranked[0]),
        "criteria": {c: {"mean": _round(m.mean), "tickets": m.n} for c, m in judged.items()},
        "examples": [
            _example(score, account, ticket, link) for score, account, ticket in lowest(group.lowest)
        ],
    }


def _trend(slope: float, half: float) -> dict[str, Any]:
    if slope - half > 0:
        label = "improving"
    elif slope + half < 0:
        label = "declining"
    else:
        label = "steady"
    return {"points_a_week": round(slope, 2), "plus_minus": round(half, 2), "label": label}


def _named(info: dict[str, CriterionInfo], item: tuple[float, str]) -> dict[str, Any]:
    return {"id": item[1], "title": _title(info, item[1]), "mean": round(item[0], 1)}


def _example(score: float, account: str, ticket: str, link: Link) -> dict[str, Any]:
    return {"account": account, "ticket_id": ticket, "score": round(score, 1), "link": link(account, ticket)}


def _suggestions(
    figures: Figures, criteria: list[str], info: dict[str, CriterionInfo], link: Link, group_by: str
) -> list[dict[str, Any]]:
    """Where a group is clearly low on a criterion: enough tickets, and its whole interval
    below the mean of everyone in the report."""
    found = []
    everyone_by = {c: figures.criterion(c) for c in criteria}
    for name in sorted(figures.groups):
        group = figures.groups[name]
        if group.score.n < MIN_TICKETS:
            continue
        for criterion in criteria:
            mine, everyone = group.criteria.get(criterion), everyone_by[criterion]
            if mine is None or mine.n < MIN_TICKETS or everyone.mean is None:
                continue
            interval = mine.interval()
            if interval is None or interval[1] >= everyone.mean:
                continue
            found.append(_suggestion(group, criterion, mine, everyone.mean, interval, info, link, group_by))
    return found


def _suggestion(
    group: Group,
    criterion: str,
    mine: Moments,
    everyone: float,
    interval: tuple[float, float],
    info: dict[str, CriterionInfo],
    link: Link,
    group_by: str,
) -> dict[str, Any]:
    title = _title(info, criterion)
    looks_for = info[criterion].looks_for if criterion in info else []
    who = group.name if group_by == "agent" else f"the {group.name} {group_by}"
    text = (
        f"A session on {title.lower()} could help {who}: over {mine.n} tickets it averaged "
        f"{mine.mean:.0f} (95 % interval {interval[0]:.0f}–{interval[1]:.0f}) against {everyone:.0f} "
        "for everyone in this report."
    )
    if looks_for:
        text += " The rubric looks for: " + "; ".join(d.rstrip(".") for d in looks_for) + "."
    examples = lowest(group.lowest_by_criterion.get(criterion, []))
    return {
        "group": group.name,
        "criterion": criterion,
        "title": title,
        "tickets": mine.n,
        "mean": round(mine.mean or 0.0, 1),
        "low": round(interval[0], 1),
        "high": round(interval[1], 1),
        "everyone": round(everyone, 1),
        "text": text,
        "examples": [_example(s, account, ticket, link) for s, account, ticket in examples],
    }


def _share(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _iso(moment: Any) -> str | None:
    return None if moment is None else moment.isoformat()
