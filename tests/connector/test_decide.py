"""The per-ticket decision, with no I/O: every combination of what the sync can know about a
ticket leads to a step that never writes twice and never drops a ticket silently."""

from dataclasses import replace
from itertools import product

from connector.decide import DONE, Decision, Facts, Step, decide, unchanged
from connector.state import Entry

RUBRIC = "default@2"
OUTCOMES = ("intent", "posted", "dry_run", "skipped", "not_writable", "failed")


def entry(outcome: str, *, fingerprint: str = "fp", activity: str | None = "t1|r1", rubric: str = RUBRIC,
          score: float | None = 80.0) -> Entry:  # fmt: skip
    return Entry(
        "acme", "1", fingerprint, rubric, outcome, None, 0, score, None, {}, None, None, None,
        "2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z", None, activity,
    )  # fmt: skip


ACTIVITIES = (None, "t1|r1", "t2|r1", "t2|r2")
LATEST = (
    None,
    *(entry(o, activity=a, rubric=r) for o in OUTCOMES for a in ACTIVITIES for r in (RUBRIC, "default@1")),
)


def test_from_the_list_alone_a_ticket_is_skipped_kept_or_read_and_a_new_reply_is_always_read() -> None:
    for filtered, activity, final, latest in product(
        (None, "tagged no_qa"), ACTIVITIES, (False, True), LATEST
    ):
        f = Facts(RUBRIC, filtered, activity, final, latest)
        step = decide(f).step
        if filtered:
            assert decide(f) == Decision(Step.SKIP, "skipped", filtered)
            continue
        assert step in (Step.UNCHANGED, Step.READ)
        if step is Step.UNCHANGED:  # only what we settled under this rubric, as we left it
            assert latest is not None and latest.outcome in DONE and latest.rubric == RUBRIC
            assert activity is not None and latest.activity is not None
            assert activity.split("|")[1] == latest.activity.split("|")[1]  # no new reply
            assert final or activity == latest.activity


def test_once_read_a_conversation_with_an_outcome_is_never_scored_again() -> None:
    for outcome, due, replies in product((None, *OUTCOMES), (False, True), (0, 1)):
        f = Facts(RUBRIC, None, "t1|r1", False, None, read=True, entry=entry(outcome) if outcome else None,
                  due=due, replies=replies)  # fmt: skip
        decision = decide(f)
        if outcome in DONE:
            assert decision.step is Step.NOTED
        elif outcome == "failed" and not due:
            assert decision.step is Step.WAIT
        elif replies < 1:
            assert decision == Decision(Step.SETTLE, "skipped", "0 agent replies (minimum 1)")
        else:  # no outcome yet, an intent (resolved by looking for the marker), or a due retry
            assert decision.step is Step.SCORE


LAST_POSTED = (None, entry("posted"), entry("posted", fingerprint="older", score=80.0),
               entry("posted", fingerprint="older", score=60.0))  # fmt: skip


def test_a_note_is_posted_only_when_none_is_there_and_nothing_forbids_it() -> None:
    policies = ("always", "if_changed", "off")
    combos = product((True, False), (False, True), (None, "ticketqa:default@1:fp"), LAST_POSTED,
                     policies, (False, True), (True, False), (False, True))  # fmt: skip
    for scorable, marker, noted_as, last, policy, dry_run, write_note, final in combos:
        f = Facts(RUBRIC, None, "t1|r1", final, None, read=True, replies=1, scored=True, scorable=scorable,
                  not_scorable_reason="too short", score=60.0, marker_on_ticket=marker, noted_as=noted_as,
                  last_posted=last, fingerprint="fp", supersede=policy, dry_run=dry_run,
                  write_note=write_note, vendor="zendesk")  # fmt: skip
        decision = decide(f)
        superseding = last is not None and last.fingerprint != "fp"
        refused = superseding and (policy == "off" or (policy == "if_changed" and last.score == 60.0))
        may_post = scorable and not marker and noted_as is None and not refused
        assert (decision.step is Step.POST) == (may_post and not dry_run and write_note and not final)
        assert (decision.step is Step.DRY_RUN) == (may_post and dry_run)
        if decision.step is Step.POST:
            assert (decision.supersedes is not None) == superseding
        if decision.step in (Step.SETTLE, Step.FINISH):
            assert decision.reason and decision.outcome in ("posted", "skipped", "not_writable")


def test_an_earlier_note_for_another_conversation_is_superseded_by_policy() -> None:
    base = Facts(RUBRIC, None, "t2|r2", False, None, read=True, scored=True, score=60.0, replies=1,
                 last_posted=entry("posted", fingerprint="older", score=80.0))  # fmt: skip
    posted = decide(base)
    assert posted.step is Step.POST and posted.supersedes is not None and "replaces" in posted.supersedes
    assert decide(replace(base, supersede="off")) == Decision(
        Step.SETTLE, "skipped", "re-scoring is off; the earlier note stands"
    )
    assert decide(replace(base, supersede="if_changed")).step is Step.POST  # 60 ≠ 80
    same = replace(base, supersede="if_changed", score=80.0)
    assert decide(same).reason == "the score has not changed; the earlier note stands"


def test_a_closed_ticket_with_no_new_reply_is_unchanged_and_a_reply_is_not() -> None:
    noted = entry("posted", activity="t1|r1")
    closed = Facts(RUBRIC, None, "t9|r1", True, noted)
    assert unchanged(closed) and decide(closed).step is Step.UNCHANGED
    assert decide(replace(closed, activity="t9|r2")).step is Step.READ
    assert decide(replace(closed, final=False)).step is Step.READ  # open, and touched since


def test_the_found_marker_finishes_and_a_rubric_upgrade_never_reposts() -> None:
    base = Facts(RUBRIC, None, "t1|r1", False, None, read=True, scored=True, replies=1)
    assert decide(replace(base, marker_on_ticket=True)) == Decision(
        Step.FINISH, "posted", "note found on the ticket"
    )
    upgraded = decide(replace(base, noted_as="ticketqa:default@1:fp"))
    assert (
        upgraded.step is Step.SETTLE
        and upgraded.outcome == "posted"
        and upgraded.marker == "ticketqa:default@1:fp"
    )
