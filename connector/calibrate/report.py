"""The calibration report: figures assembled from scored tickets and reviews, then written as
text, JSON (stable keys, documented in the README) or one self-contained HTML page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import rankdata

from connector.calibrate import stats
from connector.calibrate.fit import Table
from connector.calibrate.reviews import Reviews
from rubric.result import EvidenceOut, TicketResult
from rubric.spec import Rubric

BANDS = ("review", "coach", "great")  # ticketqa's bands, worst first
MAX_DISAGREEMENTS = 10
MAX_QUOTE = 160
MAX_LISTED = 50  # ids listed per unmatched kind; the count is always whole


@dataclass
class Matched:
    """Scored tickets that have reviews, in one order."""

    results: list[TicketResult]
    human: list[float]


def clean(text: str, limit: int = MAX_QUOTE) -> str:
    """Printable, one line, capped: ticket text never reaches a terminal or page raw."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text.replace("\n", " "))
    flat = " ".join(flat.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def scale_of(values: list[float]) -> dict[str, Any]:
    low, high = min(values), max(values)
    integers = all(float(v).is_integer() for v in values)
    distinct = len(set(values))
    if distinct <= 2 and {low, high} <= {0.0, 1.0}:
        kind, said = "binary", "pass/fail (0/1)"
    elif integers:
        kind, said = "integer", f"whole numbers from {low:g} to {high:g}"
    else:
        kind, said = "continuous", f"numbers from {low:g} to {high:g}"
    return {"min": low, "max": high, "distinct": distinct, "kind": kind, "description": said}


def build(
    rubric: Rubric,
    results: dict[str, TicketResult],
    unreadable: list[str],
    reviews: Reviews,
    *,
    resamples: int = stats.RESAMPLES,
) -> tuple[dict[str, Any], Table]:
    matched = Matched(
        [results[t] for t in reviews.overall if t in results and results[t].score is not None],
        [reviews.mean(t) for t in reviews.overall if t in results and results[t].score is not None],
    )
    scale = scale_of(reviews.values())
    human_range = (scale["min"], scale["max"])
    machine = [float(r.score or 0.0) for r in matched.results]
    levels = [BANDS.index(r.band or "review") for r in matched.results]
    overall = stats.agreement(
        machine,
        matched.human,
        levels,
        len(BANDS),
        machine_range=(0.0, 100.0),
        human_range=human_range,
        resamples=resamples,
    )
    report: dict[str, Any] = {
        "n": len(matched.results),
        "rubric": {"name": rubric.name, "version": rubric.version, "digest": rubric.digest},
        "scale": {
            **scale,
            "banding": "human scores cut into the rubric's bands at the quantiles that hold the same "
            "share of tickets as ticketqa's bands (review, coach, great)",
        },
        "overall": overall.as_dict(),
        "criteria": _criteria(rubric, matched, reviews, human_range, resamples),
        "reviewers": stats.between_reviewers(
            reviews.overall, {r.ticket_id: float(r.score or 0.0) for r in matched.results}
        ),
        "disagreements": _disagreements(matched),
        "unmatched": _unmatched(results, unreadable, reviews),
    }
    return report, _table(rubric, matched)


def _criteria(
    rubric: Rubric, matched: Matched, reviews: Reviews, human_range: tuple[float, float], resamples: int
) -> dict[str, Any]:
    """Each criterion against the reviewers' score for it where they gave one, else against
    their overall score (which criteria track what the reviewers judge)."""
    out: dict[str, Any] = {}
    for position, criterion in enumerate(rubric.criteria):
        spec = criterion.spec
        per_criterion = spec.id in reviews.criteria
        machine: list[float] = []
        human: list[float] = []
        for result, overall in zip(matched.results, matched.human, strict=True):
            mine = result.criteria[position].score
            theirs = reviews.criterion_mean(spec.id, result.ticket_id) if per_criterion else overall
            if mine is not None and theirs is not None:
                machine.append(mine)
                human.append(theirs)
        their_values = [v for per in reviews.criteria.get(spec.id, {}).values() for v in per.values()]
        their_range = (min(their_values), max(their_values)) if per_criterion else human_range
        levels = [min(spec.scale - 1, round(m * (spec.scale - 1))) for m in machine]
        figures = stats.agreement(
            machine,
            human,
            levels,
            spec.scale,
            machine_range=(0.0, 1.0),
            human_range=their_range,
            resamples=resamples,
        )
        out[spec.id] = {
            **figures.as_dict(),
            "title": spec.title,
            "weight": spec.weight,
            "against": "criterion" if per_criterion else "overall",
        }
    return out


def _disagreements(matched: Matched) -> list[dict[str, Any]]:
    """The tickets whose place among the others differs most between ticketqa and the humans
    (percentile of average ranks, so tied scores never look apart)."""
    n = len(matched.results)
    if n < 2:
        return []
    machine_pct = rankdata([r.score or 0.0 for r in matched.results]) / n
    human_pct = rankdata(matched.human) / n
    gaps = machine_pct - human_pct
    order = np.argsort(-np.abs(gaps), kind="stable")[:MAX_DISAGREEMENTS]
    return [_explain(matched.results[i], matched.human[i], float(gaps[i])) for i in order if gaps[i]]


def _explain(result: TicketResult, human: float, gap: float) -> dict[str, Any]:
    return {
        "ticket_id": clean(result.ticket_id, 64),
        "ticketqa": result.score,
        "band": result.band,
        "human": round(human, 3),
        "direction": "ticketqa higher" if gap > 0 else "ticketqa lower",
        "reason": clean(result.reason, 300) if result.reason else None,
        "criteria": [
            {
                "id": c.id,
                "score": None if c.score is None else round(c.score, 3),
                "reason": clean(c.reason, 300),
                "evidence": _quotes(c.evidence),
            }
            for c in result.criteria
            if c.weight > 0
        ],
    }


def _quotes(evidence: list[EvidenceOut], most: int = 2) -> list[dict[str, Any]]:
    seen: set[tuple[int, str]] = set()
    quotes = []
    for e in evidence:
        if (e.message_index, e.quote) in seen:
            continue
        seen.add((e.message_index, e.quote))
        quotes.append({"role": e.author_role, "message": e.message_index, "quote": clean(e.quote)})
        if len(quotes) == most:
            break
    return quotes


def _unmatched(results: dict[str, TicketResult], unreadable: list[str], reviews: Reviews) -> dict[str, Any]:
    def listing(ids: Iterable[str]) -> dict[str, Any]:
        items = sorted(ids, key=_id_order)
        return {"count": len(items), "ids": [clean(i, 64) for i in items[:MAX_LISTED]]}

    not_scorable = [t for t in reviews.overall if t in results and results[t].score is None]
    unscored = [t for t in reviews.without_score if t not in reviews.overall]
    return {
        "reviews_without_ticket": listing(t for t in reviews.overall if t not in results),
        "tickets_without_review": listing(
            t for t in results if t not in reviews.overall and t not in reviews.without_score
        ),
        "reviewed_without_score": listing(unscored),
        "not_scorable": listing(not_scorable),
        "unreadable_ticket_lines": listing(unreadable),
    }


def _id_order(ticket: str) -> tuple[int, str]:
    return (0, f"{int(ticket):020d}") if ticket.isdigit() and len(ticket) < 20 else (1, ticket)


def _table(rubric: Rubric, matched: Matched) -> Table:
    return Table(
        criteria=[c.spec.id for c in rubric.criteria],
        scores=np.array(
            [[np.nan if c.score is None else c.score for c in r.criteria] for r in matched.results], float
        ).reshape(len(matched.results), len(rubric.criteria)),
        critical=np.array([r.failed_critical for r in matched.results], bool),
        human=np.array(matched.human, float),
    )
