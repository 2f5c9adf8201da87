"""What to do next with one ticket: a pure function of what is known about it.

The sync learns a ticket in stages: the list shows it (tags, activity stamp, closed or not),
then its conversation is read (fingerprint, replies, our markers in it), then it is scored.
`decide` takes everything known so far and names the next step; the sync carries the step out,
learns more, and asks again. No I/O happens here, so every rule of "nothing lost, nothing
twice" is tested over every combination of facts (`tests/connector/test_decide.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from connector.config import Filters
from connector.state import Entry
from integrations.protocol import Listed, replies_part

DONE = ("posted", "not_writable", "skipped")


class Step(Enum):
    SKIP = "skip"  # a filter leaves it out: record skipped, with the reason
    UNCHANGED = "unchanged"  # as we left it: nothing to read or write
    READ = "read"  # read the conversation
    NOTED = "noted"  # this conversation already has its outcome: remember the list's stamp
    WAIT = "wait"  # failed before, and its retry is not due yet
    SCORE = "score"  # score the conversation
    SETTLE = "settle"  # record a final outcome (`outcome`, `reason`) without writing
    FINISH = "finish"  # our note is there: finish its tags, then record it posted
    DRY_RUN = "dry_run"  # show the note, write nothing
    POST = "post"  # record the intent, then post the note (`supersedes`: the line saying so)


@dataclass(frozen=True)
class Facts:
    """What the sync knows of one ticket; None where it has not been learned yet."""

    rubric: str  # the rubric key, name@version
    filtered: str | None  # why a filter leaves it out
    activity: str | None  # the list's activity stamp
    final: bool  # the helpdesk takes no more writes
    latest: Entry | None  # the ledger's latest entry for the ticket, any version
    # Known once the conversation is read:
    read: bool = False
    entry: Entry | None = None  # the ledger's entry for this conversation version and rubric
    due: bool = True  # a failed entry's retry is due
    replies: int = 0
    min_replies: int = 1
    # Known once scored:
    scored: bool = False
    scorable: bool = True
    not_scorable_reason: str | None = None
    score: float | None = None
    marker_on_ticket: bool = False  # this note's marker is already in the conversation
    noted_as: str | None = None  # our marker for this conversation under another rubric version
    last_posted: Entry | None = None  # the last note posted on the ticket, any version
    fingerprint: str = ""
    # The account's settings:
    supersede: str = "always"  # always | if_changed | off
    dry_run: bool = False
    write_note: bool = True
    vendor: str = ""


@dataclass(frozen=True)
class Decision:
    step: Step
    outcome: str | None = None  # with SETTLE: posted, skipped or not_writable
    reason: str | None = None
    supersedes: str | None = None  # with POST: the line that says which note this replaces
    marker: str | None = None  # with SETTLE posted: the marker of the note already there


def filtered(filters: Filters, listed: Listed) -> str | None:
    """Why the account's filters leave this ticket out, or None. Costs no API call."""
    skip = set(filters.skip_tags) & set(listed.tags)
    if skip:
        return f"tagged {', '.join(sorted(skip))}"
    for name, wanted, value in (
        ("group", filters.groups, listed.group),
        ("brand", filters.brands, listed.brand),
        ("channel", filters.channels, listed.channel),
    ):
        if wanted and value not in wanted:
            return f"{name} {value or 'none'} is not one of {', '.join(wanted)}"
    return None


def decide(facts: Facts) -> Decision:
    if not facts.read:
        return _from_the_list(facts)
    if not facts.scored:
        return _from_the_conversation(facts)
    return _from_the_result(facts)


def _from_the_list(facts: Facts) -> Decision:
    if facts.filtered is not None:
        return Decision(Step.SKIP, "skipped", facts.filtered)
    if unchanged(facts):
        return Decision(Step.UNCHANGED)
    return Decision(Step.READ)


def unchanged(facts: Facts) -> bool:
    """As we left it, judged from the list alone: the same activity stamp as when we handled
    it, or closed since with no new reply."""
    latest = facts.latest
    if latest is None or latest.outcome not in DONE or latest.rubric != facts.rubric:
        return False
    if facts.activity is None or latest.activity is None:
        return False
    if facts.final:  # closed since (auto-close): nothing more can be written, and no reply came
        return replies_part(facts.activity) == replies_part(latest.activity)
    return facts.activity == latest.activity


def _from_the_conversation(facts: Facts) -> Decision:
    entry = facts.entry
    if entry is not None and entry.outcome in DONE:
        return Decision(Step.NOTED)  # came back with no new human message
    if entry is not None and entry.outcome == "failed" and not facts.due:
        return Decision(Step.WAIT)
    if facts.replies < facts.min_replies:
        return Decision(
            Step.SETTLE, "skipped", f"{facts.replies} agent replies (minimum {facts.min_replies})"
        )
    return Decision(Step.SCORE)


def _from_the_result(facts: Facts) -> Decision:
    if not facts.scorable:
        return Decision(Step.SETTLE, "skipped", f"not scorable: {facts.not_scorable_reason}")
    if facts.marker_on_ticket:
        return Decision(Step.FINISH, "posted", "note found on the ticket")
    if facts.noted_as is not None:  # a rubric upgrade alone never re-posts
        reason = f"noted under {facts.noted_as}; the conversation has not changed since"
        return Decision(Step.SETTLE, "posted", reason, marker=facts.noted_as)
    earlier = facts.last_posted
    supersedes = None
    if earlier is not None and earlier.fingerprint != facts.fingerprint:
        policy = facts.supersede
        if policy == "off" or (policy == "if_changed" and earlier.score == facts.score):
            why = "re-scoring is off" if policy == "off" else "the score has not changed"
            return Decision(Step.SETTLE, "skipped", f"{why}; the earlier note stands")
        when = (earlier.posted_at or earlier.updated_at)[:10]
        supersedes = f"This note replaces the one of {when}: the conversation has changed since."
    if facts.dry_run:
        return Decision(Step.DRY_RUN)
    if not facts.write_note:
        return Decision(Step.SETTLE, "skipped", "write-back is off")
    if facts.final:  # the list already shows it closed: a write is sure to be refused
        reason = f"closed before a note could be posted: {facts.vendor} takes no more writes"
        return Decision(Step.SETTLE, "not_writable", reason)
    return Decision(Step.POST, supersedes=supersedes)
