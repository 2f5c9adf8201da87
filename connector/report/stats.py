"""The report's figures, gathered in one pass over the records: sums per group, criterion and
week, never the rows themselves, so memory stays flat however long the period.

Intervals are 95 % t-intervals on the mean; a trend is the least-squares slope of the score
over time in points a week, called improving or declining only when its interval is clear of
zero. Nothing is ranked or suggested on fewer than `MIN_TICKETS` tickets.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from connector.report.records import Record
from rubric.text import printable

MIN_TICKETS = 10  # below this, "not enough data": a coach does not judge on a handful
MIN_CRITERION = 5  # strongest / weakest criterion need at least this many judged tickets
EXAMPLES = 3

# Two-sided 95 % quantiles of Student's t for 1–30 degrees of freedom; past 30, 1.96 + 2.4/df
# is within 0.005 of the exact value.
_T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042)  # fmt: skip


def t95(df: int) -> float:
    return _T95[df - 1] if df <= len(_T95) else 1.96 + 2.4 / df


@dataclass(slots=True)
class Moments:
    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    def add(self, value: float) -> None:
        self.n += 1
        self.total += value
        self.squares += value * value

    @classmethod
    def merged(cls, parts: list[Moments]) -> Moments:
        """The moments of all parts together: exact, as sums add."""
        return cls(sum(p.n for p in parts), sum(p.total for p in parts), sum(p.squares for p in parts))

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    def interval(self) -> tuple[float, float] | None:
        if self.n < 2:
            return None
        mean = self.total / self.n
        variance = max(0.0, (self.squares - self.n * mean * mean) / (self.n - 1))
        half = t95(self.n - 1) * math.sqrt(variance / self.n)
        return mean - half, mean + half


@dataclass(slots=True)
class Trend:
    """Sums for the slope of score over time (x in weeks from a fixed origin)."""

    n: int = 0
    sx: float = 0.0
    sy: float = 0.0
    sxx: float = 0.0
    sxy: float = 0.0
    syy: float = 0.0

    def add(self, x: float, y: float) -> None:
        self.n += 1
        self.sx, self.sy = self.sx + x, self.sy + y
        self.sxx, self.sxy, self.syy = self.sxx + x * x, self.sxy + x * y, self.syy + y * y

    def slope(self) -> tuple[float, float] | None:
        """Points a week and the half-width of its 95 % interval; None when the tickets span
        too little time or are too few to tell."""
        if self.n < MIN_TICKETS:
            return None
        sxx = self.sxx - self.sx * self.sx / self.n
        if sxx < 1e-9:
            return None
        sxy = self.sxy - self.sx * self.sy / self.n
        syy = self.syy - self.sy * self.sy / self.n
        slope = sxy / sxx
        residual = max(0.0, (syy - slope * sxy) / (self.n - 2))
        return slope, t95(self.n - 2) * math.sqrt(residual / sxx)


@dataclass(slots=True)
class Group:
    """One agent, team or channel."""

    name: str
    score: Moments = field(default_factory=Moments)
    trend: Trend = field(default_factory=Trend)
    criteria: dict[str, Moments] = field(default_factory=lambda: defaultdict(Moments))
    lowest: list[tuple[float, str, str]] = field(default_factory=list)  # (-score…) heap: the worst few
    lowest_by_criterion: dict[str, list[tuple[float, str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    critical: int = 0


@dataclass(slots=True)
class Figures:
    """Everything the report shows, gathered from the records."""

    since: datetime | None
    until: datetime | None
    outcomes: Counter[str] = field(default_factory=Counter)
    not_scored: Counter[str] = field(default_factory=Counter)
    undated: int = 0
    bins: list[int] = field(default_factory=lambda: [0] * 10)
    bands: Counter[str] = field(default_factory=Counter)
    critical: int = 0
    judged_by: Counter[str] = field(default_factory=Counter)
    reopened: Moments = field(default_factory=Moments)  # 1 reopened, 0 not, where known
    first_reply: Moments = field(default_factory=Moments)
    wait: Moments = field(default_factory=Moments)
    weeks: dict[str, Moments] = field(default_factory=lambda: defaultdict(Moments))
    week_criteria: dict[tuple[str, str], Moments] = field(default_factory=lambda: defaultdict(Moments))
    groups: dict[str, Group] = field(default_factory=dict)
    first: datetime | None = None
    last: datetime | None = None

    # Everyone's figures are the groups' added up, rather than counted twice a ticket.
    @property
    def score(self) -> Moments:
        return Moments.merged([g.score for g in self.groups.values()])

    def criterion(self, criterion: str) -> Moments:
        return Moments.merged(
            [g.criteria[criterion] for g in self.groups.values() if criterion in g.criteria]
        )

    def criterion_ids(self) -> set[str]:
        return {c for g in self.groups.values() for c, m in g.criteria.items() if m.n}


ORIGIN = datetime(2000, 1, 3, tzinfo=UTC)  # a Monday: weeks are counted from here


def gather(records: object, group_by: str, since: datetime | None, until: datetime | None) -> Figures:
    figures = Figures(since, until)
    for record in records:  # type: ignore[attr-defined]
        _add(figures, record, group_by)
    return figures


def _add(figures: Figures, record: Record, group_by: str) -> None:
    at = record.at
    if at is None:
        if figures.since is not None or figures.until is not None:
            figures.undated += 1
            return
    elif (figures.since is not None and at < figures.since) or (
        figures.until is not None and at >= figures.until
    ):
        return
    if record.outcome != "scored" or record.score is None:
        figures.outcomes[record.outcome] += 1
        figures.not_scored[_why(record)] += 1
        return
    figures.outcomes["scored"] += 1
    score = float(record.score)
    figures.bins[min(9, max(0, int(score // 10)))] += 1
    figures.bands[record.band or "none"] += 1
    figures.critical += record.failed_critical
    figures.judged_by[record.judged_by] += 1
    if record.reopens is not None:
        figures.reopened.add(1.0 if record.reopens > 0 else 0.0)
    if record.first_reply_minutes is not None:
        figures.first_reply.add(record.first_reply_minutes)
    if record.wait_minutes is not None:
        figures.wait.add(record.wait_minutes)
    week = None
    if at is not None:
        if figures.first is None or at < figures.first:
            figures.first = at
        if figures.last is None or at > figures.last:
            figures.last = at
        week = _week(at)
        figures.weeks[week].add(score)
    group = _group(figures, record, group_by)
    group.score.add(score)
    group.critical += record.failed_critical
    key = (record.account, record.ticket_id)
    _keep_lowest(group.lowest, score, key)
    if at is not None:
        group.trend.add((at - ORIGIN).total_seconds() / 604800, score)
    for criterion, value in record.criteria.items():
        if value is None:
            continue
        points = 100.0 * value
        group.criteria[criterion].add(points)
        _keep_lowest(group.lowest_by_criterion[criterion], points, key)
        if week is not None:
            figures.week_criteria[(week, criterion)].add(points)


_WEEKS: dict[object, str] = {}


def _week(at: datetime) -> str:
    """The Monday of `at`'s week, ISO: the week's label (cached per day; a year is 365 keys)."""
    day = at.date()
    found = _WEEKS.get(day)
    if found is None:
        found = _WEEKS[day] = (day - timedelta(days=day.weekday())).isoformat()
    return found


def _group(figures: Figures, record: Record, group_by: str) -> Group:
    if group_by == "team":
        name = record.team or "no team"
    elif group_by == "channel":
        name = record.channel or "unknown channel"
    else:
        name = record.agent or (f"agent {record.agent_id}" if record.agent_id else "unassigned")
    found = figures.groups.get(name)
    if found is None:  # names come from the helpdesk: no control or direction characters
        found = figures.groups[name] = Group(printable(name, 100))
    return found


def _keep_lowest(heap: list[tuple[float, str, str]], score: float, key: tuple[str, str]) -> None:
    item = (-score, *key)
    if len(heap) < EXAMPLES:
        heapq.heappush(heap, item)
    elif item > heap[0]:
        heapq.heapreplace(heap, item)


def lowest(heap: list[tuple[float, str, str]]) -> list[tuple[float, str, str]]:
    """(score, account, ticket id), worst first."""
    return [(-s, account, ticket) for s, account, ticket in sorted(heap, reverse=True)]


def _why(record: Record) -> str:
    reason = (record.reason or record.outcome).strip()
    for prefix in ("not scorable: ", "ticket "):
        reason = reason.removeprefix(prefix)
    head = reason.split(";")[0].split(" (")[0]
    return f"{record.outcome}: {head[:80]}" if record.outcome != "not_scorable" else head[:80]
