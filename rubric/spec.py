"""The rubric file: criteria, their checks, bands and eligibility, validated with pydantic.

A rubric is data an admin edits (TOML). Loading it validates every key, including each
check's params against that check kind's own model, and reports all problems at once with the
path of the key, e.g. `criteria[2] (completeness).checks[1].params.max_sentence_words`.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rubric.checks import REGISTRY, CheckKind, Params
from rubric.errors import RubricError
from rubric.keys import describe


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckSpec(_Spec):
    kind: str
    weight: float = Field(default=1.0, ge=0)
    critical: bool = False
    params: dict[str, Any] = Field(default_factory=dict)
    na_channels: list[str] = Field(
        default_factory=list,
        description="Channels where the check cannot vary (say N/A there instead of shifting every score).",
    )


class CriterionSpec(_Spec):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    short: str | None = Field(default=None, description="Label in the note's score line.")
    weight: float = Field(ge=0)
    scale: int = Field(default=4, ge=2, le=11, description="Number of points: 2 = pass/fail.")
    allow_na: bool = True
    critical: bool = False
    checks: list[CheckSpec] = Field(min_length=1)

    @property
    def label(self) -> str:
        return self.short or self.title


class Bands(_Spec):
    great: float = Field(default=90, ge=0, le=100)
    coach: float = Field(default=70, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Bands:
        if self.coach > self.great:
            raise ValueError("coach must not be above great")
        return self

    def band(self, score: float) -> str:
        if score >= self.great:
            return "great"
        return "coach" if score >= self.coach else "review"


class Eligibility(_Spec):
    min_agent_words: int = Field(default=5, ge=0)
    min_customer_words: int = Field(default=2, ge=0)
    min_coverage: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Withhold the score when less than this share of the weight could be judged.",
    )


class RubricSpec(_Spec):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    version: int = Field(ge=1)
    description: str = ""
    languages: list[str] = Field(default_factory=lambda: ["en"])
    bands: Bands = Field(default_factory=Bands)
    eligibility: Eligibility = Field(default_factory=Eligibility)
    criteria: list[CriterionSpec] = Field(min_length=1)


@dataclass(frozen=True)
class CompiledCheck:
    spec: CheckSpec
    kind: CheckKind[Any]
    params: Params


@dataclass(frozen=True)
class CompiledCriterion:
    spec: CriterionSpec
    checks: tuple[CompiledCheck, ...]


@dataclass(frozen=True)
class Rubric:
    spec: RubricSpec
    criteria: tuple[CompiledCriterion, ...]
    digest: str  # hash of the validated content: two files that say the same thing match
    source: str

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def version(self) -> int:
        return self.spec.version


DEFAULT_RUBRIC = "default.toml"


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Load and validate a rubric file; None loads the default that ships with ticketqa."""
    if path is None:
        text = resources.files("rubric").joinpath(DEFAULT_RUBRIC).read_text(encoding="utf-8")
        return parse_rubric(text, source="default", base_dir=None)
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise RubricError(str(file), [f"cannot read the file: {exc.strerror or exc}"]) from None
    return parse_rubric(text, source=str(file), base_dir=file.parent)


def parse_rubric(text: str, *, source: str, base_dir: Path | None) -> Rubric:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(source, [f"not valid TOML: {exc}"]) from None
    try:
        spec = RubricSpec.model_validate(data)
    except ValidationError as exc:
        raise RubricError(source, [_describe(err, data) for err in exc.errors()]) from None
    problems: list[str] = []
    criteria = tuple(_compile_criterion(i, c, base_dir, problems) for i, c in enumerate(spec.criteria))
    problems += _cross_checks(spec)
    if problems:
        raise RubricError(source, problems)
    digest = hashlib.sha256(spec.model_dump_json().encode()).hexdigest()[:12]
    return Rubric(spec, criteria, digest, source)


def _compile_criterion(
    position: int, criterion: CriterionSpec, base_dir: Path | None, problems: list[str]
) -> CompiledCriterion:
    compiled = []
    for number, check_spec in enumerate(criterion.checks):
        where = f"criteria[{position}] ({criterion.id}).checks[{number}]"
        kind = REGISTRY.get(check_spec.kind)
        if kind is None:
            known = ", ".join(sorted(REGISTRY))
            problems.append(f"{where}.kind: unknown check '{check_spec.kind}'; use one of: {known}")
            continue
        if check_spec.critical and not criterion.critical:
            problems.append(
                f"{where}.critical: only a critical criterion can have critical "
                f"checks; set criteria[{position}].critical = true or remove it"
            )
        raw = dict(check_spec.params)
        if base_dir is not None and isinstance(raw.get("dictionary_file"), str):
            raw["dictionary_file"] = base_dir / raw["dictionary_file"]
        try:
            params = kind.params.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                key = ".".join(str(p) for p in err["loc"])
                problems.append(f"{where}.params.{key}: {err['msg']}")
            continue
        problems += _bad_patterns(where, check_spec.kind, params)
        file = getattr(params, "dictionary_file", None)
        if isinstance(file, Path) and not file.is_file():
            problems.append(
                f"{where}.params.dictionary_file: no file at {file}; the path is relative to the rubric file"
            )
        compiled.append(CompiledCheck(check_spec, kind, params))
    return CompiledCriterion(criterion, tuple(compiled))


_PLAIN_WORDS = {"dictionary", "dictionary_file"}  # params that are words, not patterns


def _bad_patterns(where: str, kind: str, params: Params) -> list[str]:
    """Every phrase param is a regular expression: one that does not compile is named here,
    with its criterion, check and phrase, instead of failing the first ticket that needs it."""
    problems = []
    for name, value in params:
        if name in _PLAIN_WORDS:
            continue
        phrases = list(value) if isinstance(value, (tuple, list, dict)) else []
        for phrase in phrases:
            if not isinstance(phrase, str):
                continue
            try:
                re.compile(phrase)
            except re.error as exc:
                problems.append(f"{where} ({kind}).params.{name}: '{phrase}' is not a valid pattern ({exc})")
    return problems


def _cross_checks(spec: RubricSpec) -> list[str]:
    problems = []
    seen: set[str] = set()
    for position, criterion in enumerate(spec.criteria):
        if criterion.id in seen:
            problems.append(f"criteria[{position}].id: '{criterion.id}' is used twice; ids must be unique")
        seen.add(criterion.id)
    if sum(c.weight for c in spec.criteria) <= 0:
        problems.append("criteria: every weight is 0; give at least one criterion a weight above 0")
    return problems


def _describe(error: Any, data: dict[str, Any]) -> str:
    return describe(error, data, label="id", unknown_hint="check the spelling against `ticketqa rubric show`")


def rubric_as_dict(rubric: Rubric) -> dict[str, Any]:
    """The rubric with every check's effective params, for `ticketqa rubric show`."""
    data = rubric.spec.model_dump(mode="json")
    for criterion_data, criterion in zip(data["criteria"], rubric.criteria, strict=True):
        for check_data, compiled in zip(criterion_data["checks"], criterion.checks, strict=True):
            check_data["params"] = json.loads(compiled.params.model_dump_json())
            check_data["description"] = compiled.kind.description
    data["digest"] = rubric.digest
    return data
