"""The agreement figures, checked against values worked out by hand on small tables."""

import math

import pytest

from connector.calibrate import stats


def test_spearman_with_ties_matches_the_hand_computation() -> None:
    # ranks of y: 1, 2, 3.5, 5, 3.5; rho = cov / sqrt(var x * var y) = 8 / sqrt(10 * 9.5)
    assert stats.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) == pytest.approx(8 / math.sqrt(95))


def test_spearman_is_null_when_it_cannot_say_anything() -> None:
    assert stats.spearman([1, 2, 3], [1, 2, 3]) is None  # too few pairs
    assert stats.spearman([1, 1, 1, 1, 1], [1, 2, 3, 4, 5]) is None  # one side constant


def test_the_bootstrap_interval_is_seeded_and_holds_the_estimate() -> None:
    x = [float(i) for i in range(40)]
    y = [i + (7 if i % 3 == 0 else -5) for i in x]
    first, again = stats.spearman_ci(x, y), stats.spearman_ci(x, y)
    assert first == again and first is not None
    rho = stats.spearman(x, y)
    assert rho is not None and first[0] <= rho <= first[1] <= 1.0


def test_human_scores_are_cut_into_bands_holding_ticketqas_shares() -> None:
    # ticketqa: a third in each band; quantile cuts at 2.67 and 4.33
    assert stats.bin_by_quantile([1, 2, 3, 4, 5, 6], [0, 0, 1, 1, 2, 2], 3) == [0, 0, 1, 1, 2, 2]


def test_quadratic_kappa_matches_the_hand_computation() -> None:
    assert stats.kappa_quadratic([0, 0, 1, 1, 2, 2], [1, 2, 3, 4, 5, 6], 3) == pytest.approx(1.0)
    # binned humans 0,0,1,2,1,2: two off-by-one cells of weight 1/4 against an expected 2 -> 1 - 0.5 / 2
    assert stats.kappa_quadratic([0, 0, 1, 1, 2, 2], [1, 2, 3, 5, 4, 6], 3) == pytest.approx(0.75)


def test_mae_after_the_best_straight_line() -> None:
    # line through (0, 1), (50, 2), (100, 3.5): slope 0.025, intercept 0.9167; residuals 1/12, -1/6, 1/12
    assert stats.mae_after_rescale([0, 50, 100] * 2, [1, 2, 3.5] * 2) == pytest.approx(1 / 9)


def test_bias_lays_ticketqas_range_onto_the_human_scale() -> None:
    assert stats.bias([0, 100], [1, 5], (0, 100), (1, 5)) == pytest.approx(0.0)
    assert stats.bias([50, 50], [1, 1], (0, 100), (1, 5)) == pytest.approx(2.0)  # 50 is 3 on 1..5: lenient


def test_reviewers_are_each_compared_with_the_others_and_ticketqa_with_the_same() -> None:
    scores = {str(t): {"ana": float(t), "ben": float(t)} for t in range(1, 9)}
    machine = {str(t): 10.0 * t for t in range(1, 9)}
    result = stats.between_reviewers(scores, machine)
    assert result is not None
    assert result["count"] == 2 and result["tickets_with_two_or_more"] == 8
    assert result["spearman_between_reviewers"] == pytest.approx(1.0)
    assert result["spearman_ticketqa_vs_reviewers"] == pytest.approx(1.0)
    assert "about as well as they agree with each other" in result["verdict"]
    assert [row["reviewer"] for row in result["per_reviewer"]] == ["ana", "ben"]
    reversed_machine = {t: -score for t, score in machine.items()}
    disagreeing = stats.between_reviewers(scores, reversed_machine)
    assert disagreeing is not None and "much less well" in disagreeing["verdict"]


def test_one_reviewer_per_ticket_gives_no_ceiling() -> None:
    assert stats.between_reviewers({"1": {"-": 3.0}}, {"1": 50.0}) is None
