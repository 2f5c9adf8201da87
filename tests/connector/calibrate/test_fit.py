"""Fitted weights: ticketqa's own formula, judged only on tickets the fit never saw."""

import numpy as np
import pytest

from connector.calibrate.fit import Table, TooFewTickets, composite, cross_validate, rounded

NAN = float("nan")


def _table(scores: list[list[float]], human: list[float], critical: list[bool] | None = None) -> Table:
    return Table(
        criteria=[f"c{i}" for i in range(len(scores[0]))],
        scores=np.array(scores, float),
        critical=np.array(critical or [False] * len(scores), bool),
        human=np.array(human, float),
    )


def test_the_composite_is_ticketqas_score_formula() -> None:
    table = _table([[1.0, 0.5], [1.0, NAN], [1.0, 1.0]], [0, 0, 0], critical=[False, False, True])
    assert list(composite(table, np.array([60.0, 40.0]))) == [
        80.0,
        100.0,
        0.0,
    ]  # N/A renormalised; critical 0


def _synthetic(n: int, truth: list[float], seed: int = 3) -> Table:
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 4, size=(n, len(truth))) / 3
    human = scores @ np.array(truth) + rng.normal(0, 0.15, n)
    return _table(scores.tolist(), human.tolist())


def test_weights_follow_what_the_reviewers_judge_and_the_gain_is_out_of_sample() -> None:
    table = _synthetic(300, [3.0, 0.0, 0.2])
    fit = cross_validate(table, np.array([1.0, 1.0, 1.0]), folds=5)
    assert fit["weights_fitted"]["c0"] > 80 and fit["weights_fitted"]["c1"] < 5
    assert fit["cv_spearman_fitted"] > fit["cv_spearman_default"]
    assert fit["gain_ci"][0] > 0 and fit["recommendation"] == "use the fitted weights"
    assert len(fit["per_fold"]) == 5 and sum(f["n"] for f in fit["per_fold"]) == 300


def test_when_the_defaults_are_already_right_it_says_keep_them() -> None:
    table = _synthetic(300, [1.0, 1.0, 1.0])
    fit = cross_validate(table, np.array([1.0, 1.0, 1.0]), folds=5)
    assert fit["recommendation"] == "keep the default weights"
    assert fit["gain_ci"][0] <= 0 <= fit["gain_ci"][1]


def test_a_criterion_with_too_little_data_keeps_its_weight() -> None:
    table = _synthetic(200, [1.0, 1.0, 1.0])
    table.scores[10:, 2] = NAN  # judged on 10 tickets only
    fit = cross_validate(table, np.array([20.0, 30.0, 50.0]))
    assert fit["kept"] == ["c2"] and fit["weights_fitted"]["c2"] == 50.0
    assert sum(fit["weights_fitted"].values()) == pytest.approx(100.0)


def test_fewer_than_fifty_tickets_are_refused_with_the_reason() -> None:
    with pytest.raises(TooFewTickets, match="at least 50 reviewed and scored tickets, and only 49"):
        cross_validate(_synthetic(49, [1.0, 1.0]), np.array([1.0, 1.0]))


def test_rounded_weights_sum_to_exactly_one_hundred() -> None:
    assert sum(rounded(np.array([100 / 3, 100 / 3, 100 / 3]))) == pytest.approx(100.0, abs=1e-9)
