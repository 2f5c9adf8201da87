"""Resolution & responsiveness: first reply time, the time the customer waited on the agent
(never the time the agent waited on the customer), reopens, a solution offered, and the customer
confirming it worked."""

from __future__ import annotations

from rubric.checks.base import Evidence, Outcome, Params, check, minutes_text, name_or, opening
from rubric.checks.completeness import ALTERNATIVE_PHRASES, REFUSAL_PHRASES
from rubric.checks.phrases import Hit, compile_phrases, find_all_in_sentences, find_in_sentences
from rubric.checks.questions import QuestionsParams, customer_questions
from rubric.checks.signals import STILL_BROKEN, asked_for_something, reported_fault
from rubric.conversation import Conversation, Turn


def _grade(minutes: float, target: float) -> float:
    if minutes <= target:
        return 1.0
    return 0.5 if minutes <= 2 * target else 0.0


def _elapsed(start: Turn, end: Turn) -> float | None:
    if start.created_at is None or end.created_at is None:
        return None
    try:
        return max(0.0, (end.created_at - start.created_at).total_seconds() / 60)
    except TypeError:  # one timestamp with a zone and one without: no honest answer
        return None


class FirstReplyParams(Params):
    target_minutes: float = 480


@check(
    "first_reply_time",
    FirstReplyParams,
    language_dependent=False,
    description="First reply within the target time.",
    points_at="gap",
)
def first_reply_time(conversation: Conversation, params: FirstReplyParams) -> Outcome:
    first_customer = conversation.customer_turns[0]
    first_reply = next(
        (t for t in conversation.agent_turns if t.index > first_customer.index), conversation.agent_turns[0]
    )
    minutes = conversation.ticket.metrics.first_reply_minutes
    if minutes is None:
        minutes = _elapsed(first_customer, first_reply)
    if minutes is None:
        return Outcome.not_applicable("no first reply time was recorded")
    took, target = minutes_text(minutes), minutes_text(params.target_minutes)
    value = _grade(minutes, params.target_minutes)
    if value == 1.0:
        return Outcome(
            1.0,
            f"First reply after {took} (target {target}).",
            (opening(first_reply),),
            summary="you replied quickly",
        )
    name = name_or(conversation)
    return Outcome(
        value,
        f"First reply after {took} (target {target}).",
        (opening(first_reply),),
        advice=f"this first reply came after {took} (target {target}). If the queue is long, a "
        f'short holding reply helps: "Thanks {name} — I\'m on it and will update you today."',
        summary=f"the first reply took {took}",
    )


def customer_wait(conversation: Conversation) -> tuple[float, Turn] | None:
    """Total minutes the customer waited on an agent, and the reply that ended the longest wait.

    A wait starts at the first customer message after an agent reply (or the first message at
    all) and ends at the next agent reply; time the agent spent waiting on the customer is not
    counted, and neither is an open wait at the end (the completeness checks speak to that).
    """
    total = 0.0
    longest: tuple[float, Turn | None] = (-1.0, None)
    waiting_since: Turn | None = None
    for turn in conversation.turns:
        if turn.role == "customer" and waiting_since is None:
            waiting_since = turn
        elif turn.role == "agent" and waiting_since is not None:
            minutes = _elapsed(waiting_since, turn)
            if minutes is None:
                return None
            total += minutes
            if minutes > longest[0]:
                longest = (minutes, turn)
            waiting_since = None
    return (total, longest[1]) if longest[1] is not None else None


class WaitParams(Params):
    target_minutes: float = 1440


@check(
    "customer_wait_time",
    WaitParams,
    language_dependent=False,
    description="Total time the customer waited on the agent, within the target.",
    points_at="gap",
)
def customer_wait_time(conversation: Conversation, params: WaitParams) -> Outcome:
    measured = customer_wait(conversation)
    recorded = conversation.ticket.metrics.requester_wait_minutes
    if measured is None:
        return Outcome.not_applicable("messages have no times")
    minutes, slowest = measured
    if recorded is not None:
        minutes = recorded  # the helpdesk's own figure follows business hours and statuses
    took, target = minutes_text(minutes), minutes_text(params.target_minutes)
    value = _grade(minutes, params.target_minutes)
    if value == 1.0:
        return Outcome(1.0, f"The customer waited {took} in all (target {target}).")
    return Outcome(
        value,
        f"The customer waited {took} in all on replies (target {target}).",
        (opening(slowest),),
        advice=f"in all the customer waited {took} for replies (target {target}); this one was "
        "the longest wait. When an answer needs time, send a quick update with a time.",
        summary=f"the customer waited {took} for replies",
    )


class ReopenParams(Params):
    pass


@check("reopens", ReopenParams, language_dependent=False, description="Solved first time: no reopens.")
def reopens(conversation: Conversation, params: ReopenParams) -> Outcome:
    count = conversation.ticket.metrics.reopens
    if count is None:
        return Outcome.not_applicable("the helpdesk did not report reopens")
    if count == 0:
        return Outcome(1.0, "Solved without being reopened.")
    follow_ups = conversation.follow_ups
    if not follow_ups:
        return Outcome.not_applicable("reopened, but the reopening message is not in the thread")
    back = find_in_sentences(follow_ups, compile_phrases(STILL_BROKEN))
    times = "once" if count == 1 else f"{count} times"
    return Outcome(
        0.5 if count == 1 else 0.0,
        f"The ticket was reopened {times}.",
        (back.evidence() if back else opening(follow_ups[0]),),
        advice=f"the ticket was reopened {times}. Before solving, check the fix worked: "
        '"Could you try it and let me know? I\'ll keep this open until you confirm."',
        summary=f"the ticket was reopened {times}",
    )


SOLUTION_PHRASES = (
    "i(?:'ve| have) (?:now )?(?:issued|sent|processed|refunded|reset|updated|fixed|changed|added|"
    "removed|cancell?ed|arranged|applied|credited|re-?sent|replaced|booked|enabled|disabled|"
    "restored|resolved|unlocked|reactivated|extended|upgraded|merged|corrected)",
    "we(?:'ve| have) (?:now )?(?:issued|sent|processed|refunded|reset|updated|fixed|shipped|"
    "credited|replaced|resolved|restored|corrected)",
    "(?:has|have) been (?:issued|processed|sent|fixed|resolved|updated|refunded|shipped|"
    "cancell?ed|credited|restored|reset|replaced|corrected)",
    "please try",
    "try (?:clearing|restarting|updating|logging|reinstalling|resetting|disconnecting)",
    "to fix (?:this|it)",
    "follow these steps",
    "(?:i|we)(?:'ve| have) (?:booked|scheduled|emailed|"
    "moved|paused|switched|passed|found|added|unlocked|escalated|opened)",
    "you (?:should|need to|'ll need to|can) (?:\\w+ )?(?:reset|restart|update|check|clear|reinstall|"
    "hold|press|open|go|use|select|turn|upgrade|download|change)",
)
# Words that suggest a fix but prove little on their own: they pass the check without praise.
WEAK_SOLUTION_PHRASES = (
    "here(?:'s| is) how",
    "go to",
    "click",
    "(?:full )?refund",
    "replacement",
    "(?:a|the) fix",
    "workaround",
    "reinstall",
    "restart",
    "reset",
)
CONFIRMATIONS = (
    "thanks?",
    "thank you",
    "work(?:s|ed)",
    "perfect",
    "great",
    "resolved",
    "sorted",
    "fixed",
    "got it",
    "appreciate",
    "brilliant",
    "awesome",
    "all good",
)
NEGATED = ("can't", "cannot", "can not", "unable", "not able", "won't", "will not", "don't offer")


class SolutionParams(Params):
    phrases: tuple[str, ...] = SOLUTION_PHRASES
    weak_phrases: tuple[str, ...] = WEAK_SOLUTION_PHRASES
    negations: tuple[str, ...] = NEGATED


def _offered(conversation: Conversation, phrases: tuple[str, ...], negations: tuple[str, ...]) -> Hit | None:
    """The first agent sentence offering a fix; a refusal ("we can't refund") is not one."""
    negated = compile_phrases(negations)
    for hit in find_all_in_sentences(conversation.agent_turns, compile_phrases(phrases)):
        if not negated.search(hit.sentence):
            return hit
    return None


@check(
    "solution_offered",
    SolutionParams,
    description="A reply offered a solution (N/A when the customer needed none).",
)
def solution_offered(conversation: Conversation, params: SolutionParams) -> Outcome:
    strong = _offered(conversation, params.phrases, params.negations)
    if strong:
        return Outcome(
            1.0,
            "A reply offered a concrete solution.",
            (strong.evidence(),),
            praise="a concrete fix, stated plainly.",
            summary="you offered a concrete fix",
        )
    weak = _offered(conversation, params.weak_phrases, params.negations)
    if weak:
        return Outcome(1.0, "A reply pointed to a solution.", (weak.evidence(),))
    refused = find_in_sentences(conversation.agent_turns, compile_phrases(REFUSAL_PHRASES))
    if refused is not None and find_in_sentences(
        conversation.agent_turns, compile_phrases(ALTERNATIVE_PHRASES)
    ):
        return Outcome(1.0, "A 'no' came with an alternative to choose.", (refused.evidence(),))
    if refused is not None:
        return Outcome(
            0.0,
            "The reply turned the request down and offered nothing in its place.",
            (refused.evidence(),),
            advice="a 'no' on its own leaves the customer stuck. Offer what you can do: \"I can't "
            "do that, but here's what I can do instead…\"",
            summary="the customer's request was turned down with nothing in its place",
        )
    if customer_questions(conversation, QuestionsParams()) and not reported_fault(conversation):
        return Outcome(1.0, "The customer asked for information, and the reply gave it.")
    if not asked_for_something(conversation):
        return Outcome.not_applicable("the customer did not ask for anything to be fixed")
    last = conversation.agent_turns[-1]
    return Outcome(
        0.0,
        "No reply offered a concrete solution.",
        (opening(last),),
        advice="make the fix explicit, in one sentence the customer can act on: \"I've done it "
        "for you — you'll see the change within the hour.\"",
        summary="no concrete solution was offered",
    )


class ConfirmParams(Params):
    confirmations: tuple[str, ...] = CONFIRMATIONS
    still_broken: tuple[str, ...] = STILL_BROKEN


@check(
    "customer_confirmed",
    ConfirmParams,
    description="The customer confirmed the problem was solved (N/A when they did not reply).",
)
def customer_confirmed(conversation: Conversation, params: ConfirmParams) -> Outcome:
    after = conversation.follow_ups
    if not after:
        return Outcome.not_applicable("the customer did not write back; silence is not held against you")
    last = after[-1]
    broken = find_in_sentences([last], compile_phrases(params.still_broken))
    replied_after = any(t.index > last.index for t in conversation.agent_turns)
    if broken and not replied_after:
        return Outcome(
            0.0,
            "The customer's last message said the problem was not solved, and it got no reply.",
            (broken.evidence(),),
            advice="the ticket was solved while the customer still had the problem. Reply before "
            "solving: \"Sorry it's still not working — let's try one more thing.\"",
            summary="the ticket was solved while the customer said it still wasn't fixed",
        )
    confirmed = find_in_sentences(after, compile_phrases(params.confirmations))
    if confirmed and not broken:
        return Outcome(
            1.0,
            "The customer confirmed it was solved.",
            (Evidence(confirmed.turn.index, confirmed.turn.role, confirmed.sentence),),
            summary="the customer confirmed it was solved",
        )
    return Outcome.not_applicable("the customer's last message neither confirmed nor denied a fix")
