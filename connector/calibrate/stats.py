"""Agreement figures between ticketqa's scores and human scores: numbers in, numbers out.

Rank correlation and its bootstrap come from SciPy, weighted kappa and the rescaling fit from
scikit-learn and NumPy: well-tested code for figures a QA lead will act on. Every random draw is
seeded, so the same files give the same figures.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import stats
from sklearn.metrics import cohen_kappa_score

SEED = 20261202
RESAMPLES = 1000
MIN_PAIRS = 5  # below this a correlation says nothing; it is reported as null


@dataclass(frozen=True)
class Agreement:
    n: int
    spearman: float | None
    spearman_ci: tuple[float, float] | None
    kappa_quadratic: float | None
    mae: float | None  # human units, after the best linear rescale of ticketqa's score
    bias: float | None  # ticketqa minus human, ticketqa's range mapped onto the human scale

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["spearman_ci"] = list(self.spearman_ci) if self.spearman_ci else None
        return data


def _rank_rho(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    """Spearman's rho along an axis, for many bootstrap resamples at once."""
    rx = stats.rankdata(x, axis=axis)
    ry = stats.rankdata(y, axis=axis)
    rx = rx - rx.mean(axis=axis, keepdims=True)
    ry = ry - ry.mean(axis=axis, keepdims=True)
    denominator = np.sqrt((rx * rx).sum(axis=axis) * (ry * ry).sum(axis=axis))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray((rx * ry).sum(axis=axis) / denominator)


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    if len(x) < MIN_PAIRS or len(set(x)) < 2 or len(set(y)) < 2:
        return None
    rho = stats.spearmanr(x, y).statistic
    return None if math.isnan(rho) else float(rho)


def spearman_ci(
    x: Sequence[float], y: Sequence[float], *, resamples: int = RESAMPLES, seed: int = SEED
) -> tuple[float, float] | None:
    """A percentile bootstrap 95 % interval, resampling tickets (pairs) with replacement."""
    if len(x) < MIN_PAIRS or resamples <= 0:
        return None
    result = paired_bootstrap((np.asarray(x, float), np.asarray(y, float)), _rank_rho, resamples, seed)
    low, high = result.confidence_interval
    if math.isnan(low) or math.isnan(high):
        # Some resamples drew one side constant (rho undefined): take the interval over the rest.
        finite = result.bootstrap_distribution[np.isfinite(result.bootstrap_distribution)]
        if len(finite) < resamples // 2:
            return None
        low, high = np.percentile(finite, [2.5, 97.5])
    return float(low), float(high)


def paired_bootstrap(
    samples: tuple[np.ndarray, ...], statistic: Any, resamples: int, seed: int = SEED
) -> Any:
    """SciPy's percentile bootstrap, resampling tickets (the samples' rows together), seeded.
    A degenerate sample gives NaN bounds, which callers report as null: no warning printed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return stats.bootstrap(
            samples,
            statistic,
            paired=True,
            vectorized=True,
            n_resamples=resamples,
            batch=200,
            method="percentile",
            rng=np.random.default_rng(seed),
        )


def bin_by_quantile(human: Sequence[float], machine_levels: Sequence[int], levels: int) -> list[int]:
    """The human scores cut into `levels` ordered bins holding the same shares of tickets as
    ticketqa's levels do, so kappa compares orderings, not how each side uses its scale."""
    counts = np.bincount(np.asarray(machine_levels, int), minlength=levels)[:levels]
    shares = np.cumsum(counts)[:-1] / max(1, len(machine_levels))
    cuts = np.quantile(np.asarray(human, float), shares) if len(human) else np.array([])
    return [int(np.searchsorted(cuts, h, side="left")) for h in human]


def kappa_quadratic(machine_levels: Sequence[int], human: Sequence[float], levels: int) -> float | None:
    if len(human) < MIN_PAIRS:
        return None
    binned = bin_by_quantile(human, machine_levels, levels)
    if len(set(binned)) < 2 or len(set(machine_levels)) < 2:
        return None
    kappa = cohen_kappa_score(list(machine_levels), binned, labels=list(range(levels)), weights="quadratic")
    return None if math.isnan(kappa) else float(kappa)


def mae_after_rescale(machine: Sequence[float], human: Sequence[float]) -> float | None:
    """Mean absolute error of the human score predicted from ticketqa's by a straight line."""
    if len(human) < MIN_PAIRS or len(set(machine)) < 2:
        return None
    slope, intercept = np.polyfit(np.asarray(machine, float), np.asarray(human, float), 1)
    predicted = intercept + slope * np.asarray(machine, float)
    return float(np.mean(np.abs(np.asarray(human, float) - predicted)))


def bias(
    machine: Sequence[float],
    human: Sequence[float],
    machine_range: tuple[float, float],
    human_range: tuple[float, float],
) -> float | None:
    """Mean of (ticketqa - human) with ticketqa's range laid onto the human scale: positive means
    ticketqa is more lenient than the reviewers."""
    if not human or human_range[1] <= human_range[0]:
        return None
    (m_low, m_high), (h_low, h_high) = machine_range, human_range
    mapped = h_low + (np.asarray(machine, float) - m_low) / (m_high - m_low) * (h_high - h_low)
    return float(np.mean(mapped - np.asarray(human, float)))


def agreement(
    machine: Sequence[float],
    human: Sequence[float],
    machine_levels: Sequence[int],
    levels: int,
    *,
    machine_range: tuple[float, float],
    human_range: tuple[float, float],
    resamples: int = RESAMPLES,
) -> Agreement:
    return Agreement(
        n=len(human),
        spearman=spearman(machine, human),
        spearman_ci=spearman_ci(machine, human, resamples=resamples),
        kappa_quadratic=kappa_quadratic(machine_levels, human, levels),
        mae=mae_after_rescale(machine, human),
        bias=bias(machine, human, machine_range, human_range),
    )


@dataclass(frozen=True)
class ReviewerRow:
    reviewer: str
    n: int
    mean: float
    spearman_with_others: float | None  # this reviewer vs the mean of the others, same tickets
    ticketqa_with_others: float | None  # ticketqa vs the same means: the fair comparison


def between_reviewers(
    scores: Mapping[str, Mapping[str, float]], machine: Mapping[str, float]
) -> dict[str, Any] | None:
    """How well the reviewers agree with each other (each against the mean of the others on the
    tickets two or more reviewed), and ticketqa against the very same means: the ceiling."""
    human_pairs: list[tuple[float, float]] = []
    machine_pairs: list[tuple[float, float]] = []
    per: dict[str, list[tuple[float, float, float]]] = {}
    tickets = 0
    for ticket, by in scores.items():
        if len(by) < 2 or ticket not in machine:
            continue
        tickets += 1
        total = sum(by.values())
        for reviewer, score in by.items():
            rest = (total - score) / (len(by) - 1)
            human_pairs.append((score, rest))
            machine_pairs.append((machine[ticket], rest))
            per.setdefault(reviewer, []).append((score, rest, machine[ticket]))
    if tickets == 0:
        return None
    rows = [
        ReviewerRow(
            reviewer=name,
            n=len(items),
            mean=float(np.mean([s for s, _, _ in items])),
            spearman_with_others=spearman([s for s, _, _ in items], [r for _, r, _ in items]),
            ticketqa_with_others=spearman([m for _, _, m in items], [r for _, r, _ in items]),
        )
        for name, items in sorted(per.items(), key=lambda kv: _natural(kv[0]))
    ]
    human_rho = spearman(*_unzip(human_pairs))
    machine_rho = spearman(*_unzip(machine_pairs))
    return {
        "count": len(per),
        "tickets_with_two_or_more": tickets,
        "spearman_between_reviewers": human_rho,
        "spearman_ticketqa_vs_reviewers": machine_rho,
        "verdict": _verdict(machine_rho, human_rho),
        "per_reviewer": [asdict(row) for row in rows],
    }


def _verdict(machine: float | None, human: float | None) -> str:
    if machine is None or human is None:
        return "too few tickets with two or more reviewers to compare"
    if machine >= human - 0.05:
        return "ticketqa agrees with your reviewers about as well as they agree with each other"
    if human > 0 and machine >= human / 2:
        return "ticketqa agrees with your reviewers less well than they agree with each other"
    return "ticketqa agrees with your reviewers much less well than they agree with each other"


def _unzip(pairs: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    return [a for a, _ in pairs], [b for _, b in pairs]


def _natural(name: str) -> tuple[int, str]:
    digits = name.lstrip("#")
    return (int(digits), "") if digits.isdigit() else (1 << 30, name)
