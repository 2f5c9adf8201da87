"""Criterion weights fitted to the reviewers' overall score, judged only out of sample.

The fitted score is ticketqa's own formula with other weights: the weighted mean of the criteria
that apply, 0 after a critical failure. The weights come from a non-negative least-squares fit
(scikit-learn's `LinearRegression(positive=True)`) of the human score on the criterion scores,
a criterion that did not apply taking its mean in the training folds. K-fold cross-validation
gives the only figures reported: the rho of the default and of the fitted weights on tickets
the fit never saw, and a paired bootstrap interval for the gain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold

from connector.calibrate.stats import RESAMPLES, SEED, _rank_rho, paired_bootstrap, spearman

MIN_TICKETS = 50
MIN_SHARE = 0.1  # a criterion judged on fewer than this share of tickets (or 20) keeps its weight
MIN_JUDGED = 20


class TooFewTickets(ValueError):
    pass


@dataclass(frozen=True)
class Table:
    """One row per reviewed, scored ticket: criterion scores (NaN where N/A), critical failure,
    and the human score."""

    criteria: list[str]
    scores: np.ndarray  # tickets x criteria, 0..1 or NaN
    critical: np.ndarray  # bool per ticket
    human: np.ndarray


def composite(table: Table, weights: np.ndarray, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
    """ticketqa's overall score for the given weights, as scoring computes it."""
    scores = table.scores[rows]
    judged = ~np.isnan(scores)
    weight = np.where(judged, weights, 0.0)
    total = weight.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = 100 * (np.nan_to_num(scores) * weight).sum(axis=1) / total
    value[table.critical[rows]] = 0.0
    return np.asarray(value, float)


def normalised(weights: np.ndarray) -> np.ndarray:
    total = weights.sum()
    return np.asarray(100 * weights / total, float) if total > 0 else weights


def fixed_criteria(table: Table, rows: np.ndarray, defaults: np.ndarray) -> np.ndarray:
    """Criteria with too little data to fit (or a zero default weight): they keep their weight."""
    judged = (~np.isnan(table.scores[rows])).sum(axis=0)
    enough = max(MIN_JUDGED, MIN_SHARE * len(rows))
    return np.asarray((judged < enough) | (defaults <= 0), bool)


def fit_weights(table: Table, rows: np.ndarray, defaults: np.ndarray) -> np.ndarray:
    base = normalised(defaults)
    fixed = fixed_criteria(table, rows, defaults)
    free = ~fixed
    if not free.any():
        return base
    x = table.scores[rows][:, free]
    means = np.nanmean(x, axis=0)
    x = np.where(np.isnan(x), means, x)
    model = LinearRegression(positive=True).fit(x, table.human[rows])
    coef = np.clip(model.coef_, 0, None)
    if coef.sum() <= 0:
        return base
    weights = base.copy()
    weights[free] = coef / coef.sum() * (100 - base[fixed].sum())
    return weights


def rounded(weights: np.ndarray) -> list[float]:
    """One decimal each, summing to exactly 100 (the rounding remainder goes to the largest)."""
    values = [round(float(w), 1) for w in weights]
    values[int(np.argmax(weights))] = round(values[int(np.argmax(weights))] + 100 - sum(values), 1)
    return values


def cross_validate(
    table: Table, defaults: np.ndarray, folds: int = 5, *, resamples: int = RESAMPLES
) -> dict[str, Any]:
    n = len(table.human)
    if n < MIN_TICKETS:
        raise TooFewTickets(
            f"fitting weights needs at least {MIN_TICKETS} reviewed and scored tickets, and only {n} "
            "matched; with fewer, the fitted weights would follow the noise of these tickets"
        )
    folds = max(2, min(folds, n // 10))
    default_score = composite(table, normalised(defaults))
    fitted_score = np.full(n, np.nan)
    per_fold = []
    for train, test in KFold(n_splits=folds, shuffle=True, random_state=SEED).split(np.arange(n)):
        weights = fit_weights(table, train, defaults)
        fitted_score[test] = composite(table, weights, test)
        per_fold.append(
            {
                "n": len(test),
                "spearman_default": _rho(default_score[test], table.human[test]),
                "spearman_fitted": _rho(fitted_score[test], table.human[test]),
            }
        )
    final = fit_weights(table, np.arange(n), defaults)
    gain = _gain_interval(default_score, fitted_score, table.human, resamples)
    cv_default = _rho(default_score, table.human)
    cv_fitted = _rho(fitted_score, table.human)
    better = gain is not None and gain[0] > 0
    return {
        "n": n,
        "folds": folds,
        "cv_spearman_default": cv_default,
        "cv_spearman_fitted": cv_fitted,
        "gain_ci": list(gain) if gain else None,
        "per_fold": per_fold,
        "weights_default": dict(zip(table.criteria, rounded(normalised(defaults)), strict=True)),
        "weights_fitted": dict(zip(table.criteria, rounded(final), strict=True)),
        "kept": [
            c for c, k in zip(table.criteria, fixed_criteria(table, np.arange(n), defaults), strict=True) if k
        ],
        "recommendation": "use the fitted weights" if better else "keep the default weights",
        "why": (
            "the fitted weights agree better with your reviewers on tickets they were not fitted to, by "
            "more than the bootstrap interval's noise"
            if better
            else "on tickets they were not fitted to, the fitted weights do not beat the defaults by more "
            "than the bootstrap interval's noise"
        ),
    }


def _rho(machine: np.ndarray, human: np.ndarray) -> float | None:
    keep = ~np.isnan(machine)
    return spearman(list(machine[keep]), list(human[keep]))


def _gain_interval(
    default: np.ndarray, fitted: np.ndarray, human: np.ndarray, resamples: int
) -> tuple[float, float] | None:
    """Paired bootstrap 95 % interval of rho(fitted) - rho(default) over the same tickets."""
    keep = ~(np.isnan(default) | np.isnan(fitted))
    if keep.sum() < MIN_TICKETS or resamples <= 0:
        return None

    def gain(d: np.ndarray, f: np.ndarray, h: np.ndarray, axis: int = -1) -> np.ndarray:
        return np.asarray(_rank_rho(f, h, axis) - _rank_rho(d, h, axis))

    result = paired_bootstrap((default[keep], fitted[keep], human[keep]), gain, resamples)
    low, high = result.confidence_interval
    return float(low), float(high)
