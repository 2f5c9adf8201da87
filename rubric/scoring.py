"""From a ticket and a rubric to a `TicketResult`.

The rules, as the leading QA products agree: a criterion's score is (selected − min)/(max − min)
on its scale; the ticket score is the weighted mean × 100 over the criteria that apply; a failed
critical criterion sets the score to 0 while the would-be score is kept. Two rules of our own
keep verdicts honest: a failing verdict must rest on a quote found verbatim in the conversation
(otherwise it does not count), and language-dependent checks do not read languages they were not
written for.
"""

from __future__ import annotations

import math

from rubric.checks.base import Outcome
from rubric.conversation import Conversation, prepare
from rubric.model import Ticket
from rubric.result import (
    CheckResult,
    CriterionResult,
    EvidenceOut,
    RubricRef,
    Status,
    TicketResult,
)
from rubric.spec import CompiledCheck, CompiledCriterion, Rubric

LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "fi": "Finnish",
    "pl": "Polish",
    "cs": "Czech",
    "ru": "Russian",
    "uk": "Ukrainian",
    "tr": "Turkish",
    "ja": "Japanese",
    "zh": "Chinese",
    "ko": "Korean",
    "ar": "Arabic",
    "he": "Hebrew",
    "hi": "Hindi",
    "el": "Greek",
    "hu": "Hungarian",
    "ro": "Romanian",
}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def score_ticket(ticket: Ticket, rubric: Rubric) -> TicketResult:
    conversation = prepare(ticket)
    problem = _not_scorable_reason(conversation, rubric)
    if problem is not None:
        return _result(conversation, rubric, [], status="not_scorable", reason=problem)
    unreadable = _unreadable(conversation, rubric)
    criteria = [_score_criterion(c, conversation, unreadable) for c in rubric.criteria]
    return _combine(conversation, rubric, criteria)


def _not_scorable_reason(conversation: Conversation, rubric: Rubric) -> str | None:
    rules = rubric.spec.eligibility
    if not conversation.customer_turns:
        return "there is no message from the customer"
    if not conversation.agent_turns:
        return "no agent replied (bot, system and private messages do not count)"
    agent_words = sum(t.word_count for t in conversation.agent_turns)
    if agent_words < rules.min_agent_words:
        return f"the agent's replies are too short to judge ({_words(agent_words)})"
    customer_words = sum(t.word_count for t in conversation.customer_turns)
    if customer_words < rules.min_customer_words:
        return f"the customer's messages are too short to judge ({_words(customer_words)})"
    return None


def _words(count: int) -> str:
    return f"{count} word" if count == 1 else f"{count} words"


def _unreadable(conversation: Conversation, rubric: Rubric) -> str | None:
    """Why language-dependent checks cannot read this conversation, or None if they can."""
    language, readable = conversation.language, rubric.spec.languages
    if language is None or language in readable:
        return None
    names = " or ".join(language_name(code) for code in readable)
    return f"the conversation is in {language_name(language)}; this check reads {names} only"


def _run_check(compiled: CompiledCheck, conversation: Conversation, unreadable: str | None) -> CheckResult:
    kind, spec = compiled.kind, compiled.spec
    if unreadable is not None and kind.language_dependent:
        outcome = Outcome.not_applicable(unreadable)
    elif spec.na_channels and conversation.channel in spec.na_channels:
        outcome = Outcome.not_applicable(f"this check does not apply to {conversation.channel} conversations")
    else:
        outcome = kind.run(conversation, compiled.params)
        if outcome.evidence or (outcome.value is not None and outcome.value < 1):
            outcome = _verified(outcome, conversation)
    return CheckResult(
        kind.name,
        spec.weight,
        spec.critical,
        outcome.value,
        outcome.reason,
        [EvidenceOut(e.index, e.role, _capped(e.quote)) for e in outcome.evidence],
        outcome.praise,
        outcome.advice,
        outcome.summary,
    )


MAX_QUOTE_CHARS = 500  # a quote is a sentence, not a message: results stay small for huge bodies


def _capped(quote: str) -> str:
    return quote if len(quote) <= MAX_QUOTE_CHARS else quote[: MAX_QUOTE_CHARS - 1] + "…"


def _verified(outcome: Outcome, conversation: Conversation) -> Outcome:
    """Keep only quotes that exist verbatim; a failing verdict with none left does not count."""
    kept = []
    for evidence in outcome.evidence:
        turn = conversation.turn(evidence.index)
        if turn is not None and evidence.quote and evidence.quote in turn.text:
            kept.append(evidence)
    if outcome.value is not None and outcome.value < 1 and not kept:
        return Outcome.not_applicable(f"not counted: no quote backs this finding ({outcome.reason})")
    if len(kept) == len(outcome.evidence):
        return outcome
    return Outcome(
        outcome.value, outcome.reason, tuple(kept), outcome.praise, outcome.advice, outcome.summary
    )


def _score_criterion(
    criterion: CompiledCriterion, conversation: Conversation, unreadable: str | None
) -> CriterionResult:
    spec = criterion.spec
    checks = [_run_check(c, conversation, unreadable) for c in criterion.checks]
    applied = [c for c in checks if c.score is not None and c.weight > 0]
    points = spec.scale - 1
    if applied:
        fraction = sum(c.weight * (c.score or 0.0) for c in applied) / sum(c.weight for c in applied)
        selected: int | None = math.floor(fraction * points + 0.5)
    elif spec.allow_na:
        selected = None
    else:
        selected = points  # N/A is not allowed: nothing went wrong, so full marks
    failed = _failed_critical(spec.critical, checks, selected, points)
    if failed and any(c.critical for c in checks):
        selected = 0  # an auto-fail check fails its criterion outright
    failing = [c for c in applied if (c.score or 0.0) < 1]
    if selected is None:
        reason = checks[0].reason if len(checks) == 1 else "; ".join(dict.fromkeys(c.reason for c in checks))
    else:
        reason = "; ".join(c.reason for c in failing) or "Every check passed."
    evidence = [e for c in failing for e in c.evidence] or [e for c in applied for e in c.evidence]
    return CriterionResult(
        id=spec.id,
        title=spec.title,
        label=spec.label,
        weight=spec.weight,
        scale=spec.scale,
        score=None if selected is None else selected / points,
        selected=selected,
        critical=spec.critical,
        failed_critical=failed,
        reason=reason,
        evidence=evidence,
        checks=checks,
    )


def _failed_critical(critical: bool, checks: list[CheckResult], selected: int | None, points: int) -> bool:
    if not critical:
        return False
    marked = [c for c in checks if c.critical]
    if marked:
        return any(c.score is not None and c.score < 0.5 for c in marked)
    return selected is not None and selected / points < 0.5


def _read(criterion: CriterionResult, compiled: CompiledCriterion) -> bool:
    """Whether the text was judged: a criterion scored only from timestamps and counts (its
    text checks all N/A, say in a language the rubric does not read) does not count as judged
    for eligibility, though its score still counts in the total."""
    pairs = zip(criterion.checks, compiled.checks, strict=True)
    text_checks = [result for result, check in pairs if check.kind.language_dependent]
    return criterion.score is not None and (not text_checks or any(r.score is not None for r in text_checks))


def _combine(conversation: Conversation, rubric: Rubric, criteria: list[CriterionResult]) -> TicketResult:
    weighted = [c for c in criteria if c.weight > 0]
    applied = [c for c in weighted if c.score is not None]
    pairs = zip(criteria, rubric.criteria, strict=True)
    judged = [c for c, compiled in pairs if c.weight > 0 and _read(c, compiled)]
    total = sum(c.weight for c in weighted)
    coverage = sum(c.weight for c in judged) / total if total else 0.0
    if coverage < rubric.spec.eligibility.min_coverage or not judged:
        reason = _coverage_reason(conversation, rubric, coverage)
        return _result(
            conversation, rubric, criteria, status="not_scorable", reason=reason, coverage=coverage
        )
    score = round(100 * sum(c.weight * (c.score or 0.0) for c in applied) / sum(c.weight for c in applied), 1)
    failed = [c for c in criteria if c.failed_critical]
    if failed:
        critical_checks = [
            k for k in failed[0].checks if k.critical and k.score is not None and k.score < 0.5
        ]
        why = critical_checks[0].reason if critical_checks else failed[0].reason
        return _result(
            conversation,
            rubric,
            criteria,
            status="scored",
            score=0.0,
            would_be=score,
            band="review",
            reason=f"critical: {why}",
            coverage=coverage,
            failed_critical=True,
        )
    return _result(
        conversation,
        rubric,
        criteria,
        status="scored",
        score=score,
        would_be=score,
        band=rubric.spec.bands.band(round(score)),  # the band of the score as the note shows it
        coverage=coverage,
    )


def _coverage_reason(conversation: Conversation, rubric: Rubric, coverage: float) -> str:
    share = f"only {round(coverage * 100)}% of the rubric could be judged"
    language = conversation.language
    if language is not None and language not in rubric.spec.languages:
        names = " or ".join(language_name(code) for code in rubric.spec.languages)
        return f"the conversation is in {language_name(language)} and the checks read {names}: {share}"
    return share


def _result(
    conversation: Conversation,
    rubric: Rubric,
    criteria: list[CriterionResult],
    *,
    status: Status,
    reason: str | None = None,
    score: float | None = None,
    would_be: float | None = None,
    band: str | None = None,
    coverage: float = 0.0,
    failed_critical: bool = False,
) -> TicketResult:
    ticket = conversation.ticket
    # Built from values this module computed, so construct without validating them again.
    return TicketResult.model_construct(
        ticket_id=ticket.id,
        source=ticket.source,
        status=status,
        score=score,
        would_be_score=would_be,
        band=band,
        failed_critical=failed_critical,
        reason=reason,
        language=conversation.language if conversation.turns else None,
        coverage=round(coverage, 3),
        fingerprint=conversation.fingerprint,
        customer_name=conversation.customer_name,
        agent_name=_agent_name(conversation),
        rubric=RubricRef(name=rubric.name, version=rubric.version, digest=rubric.digest),
        criteria=criteria,
        agent_id=None if ticket.assignee is None or ticket.assignee.id is None else str(ticket.assignee.id),
        channel=next((m.channel for m in ticket.messages if m.channel), None),
        solved_at=ticket.solved_at or ticket.updated_at,
        reopens=ticket.metrics.reopens,
        first_reply_minutes=ticket.metrics.first_reply_minutes,
        wait_minutes=ticket.metrics.requester_wait_minutes,
    )


def _agent_name(conversation: Conversation) -> str | None:
    assignee = conversation.ticket.assignee
    if assignee and assignee.name:
        return assignee.name
    names = [t.author_name for t in conversation.agent_turns if t.author_name]
    return max(set(names), key=lambda n: (names.count(n), n)) if names else None
