"""Correctness: whether the answer was right. That needs a knowledge source (help centre,
policies, a judge model); without one the honest verdict is "not judged", never a guess."""

from __future__ import annotations

from rubric.checks.base import Outcome, Params, check
from rubric.conversation import Conversation


class KnowledgeParams(Params):
    source: str | None = None


@check(
    "knowledge_judge",
    KnowledgeParams,
    language_dependent=False,
    description="Judged against a knowledge source; N/A until one is configured.",
)
def knowledge_judge(conversation: Conversation, params: KnowledgeParams) -> Outcome:
    if params.source is None:
        return Outcome.not_applicable("no knowledge source configured")
    return Outcome.not_applicable(f"knowledge source '{params.source}' has no judge in this version")
