"""Reading the reviewers' scores: CSV or JSON Lines, dotted fields, and clear errors naming rows."""

import json

import pytest

from connector.calibrate.reviews import Fields, ReviewsError, read_reviews


def test_csv_rows_per_ticket_and_reviewer_with_criterion_columns() -> None:
    text = "\ufeffticket_id,reviewer,score,empathy\n1,ana,4,3\n1,ben,5,\n2,ana,2,1\n"
    reviews = read_reviews(text, Fields(criteria=("empathy",)), name="r.csv")
    assert reviews.overall == {"1": {"ana": 4.0, "ben": 5.0}, "2": {"ana": 2.0}}
    assert reviews.mean("1") == 4.5
    assert reviews.criteria["empathy"] == {"1": {"ana": 3.0}, "2": {"ana": 1.0}}


def test_json_lines_with_a_dotted_path_and_a_list_of_raters() -> None:
    lines = [
        {"ticket_id": 7, "labels": {"E_mean": 0.5, "E": [1, 0, 1]}, "criteria": {"empathy": 2}},
        {"ticket_id": 8, "labels": {"other": 1}},
    ]
    text = "\n".join(json.dumps(line) for line in lines)
    mean = read_reviews(text, Fields(score="labels.E_mean", criteria=("empathy",)), name="r.jsonl")
    assert mean.overall == {"7": {"-": 0.5}} and mean.without_score == {"8": [2]}
    assert mean.criteria["empathy"] == {"7": {"-": 2.0}}
    raters = read_reviews(text, Fields(score="labels.E"), name="r.jsonl")
    assert raters.overall == {"7": {"#1": 1.0, "#2": 0.0, "#3": 1.0}}


def test_pass_fail_as_booleans_or_zero_one() -> None:
    text = '{"ticket_id": "a", "score": true}\n{"ticket_id": "b", "score": 0}\n'
    assert read_reviews(text, Fields(), name="r").overall == {"a": {"-": 1.0}, "b": {"-": 0.0}}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "is empty"),
        (
            "ticket_id,reviewer,score\n1,ana,4\n1,ana,3\n",
            "row 3: ticket 1 has a second score from reviewer ana",
        ),
        ("ticket_id,score\n1,great\n", "row 2: 'score' is 'great', not a number"),
        ("ticket_id,rating\n1,4\n", "no field 'score' in any row; name the human score with --human-field"),
        ("ticket_id,score\n,4\n", "row 2: no ticket id"),
        ('{"ticket_id": 1, "score": 4}\n[1]\n', "row 2 is not a JSON object"),
        ('{"ticket_id": 1, "score": NaN}\n', "not a number"),
    ],
    ids=["empty", "duplicate", "not-numeric", "no-field", "no-id", "not-object", "nan"],
)
def test_bad_input_is_an_error_naming_the_row(text: str, said: str) -> None:
    with pytest.raises(ReviewsError, match=said.replace("(", r"\(")):
        read_reviews(text, Fields(), name="reviews.csv")


def test_a_named_reviewer_field_must_exist() -> None:
    with pytest.raises(ReviewsError, match="no field 'rater'"):
        read_reviews("ticket_id,score\n1,4\n", Fields(reviewer="rater", reviewer_given=True), name="r")


def test_many_problems_are_listed_up_to_ten() -> None:
    text = "ticket_id,score\n" + "".join(f"{i},x\n" for i in range(30))
    with pytest.raises(ReviewsError, match="and 20 more problem"):
        read_reviews(text, Fields(), name="r")
