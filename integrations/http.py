"""HTTP plumbing every integration shares: retries, Retry-After, pacing under a rate limit, and
turning responses into our errors. Vendor specifics (error bodies, header names) come in as
small functions, so this module knows no vendor.

Retries use tenacity with an injectable sleep, so tests never wait. What is retried:
- 429 and 503 after the server's Retry-After (a number, a list such as "50, 53", or an HTTP
  date; anything else falls back to backoff), other 5xx, timeouts and dropped connections,
  with jittered exponential backoff, under a cap on attempts and on the total time waited;
- a write only when it cannot have reached the server (connection refused, 429). A write whose
  answer was lost raises `ResponseLost`: the caller must look before writing again.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt, stop_any
from tenacity.stop import stop_base

from integrations.errors import (
    AuthError,
    FieldProblem,
    HelpdeskError,
    RequestRejected,
    ResponseLost,
    TransientError,
)

Sleep = Callable[[float], Awaitable[None]]


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value; None when absent or unreadable."""
    if value is None or not value.strip():
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    seconds: list[float] = []
    for part in parts:
        try:
            seconds.append(max(0.0, float(part)))
            continue
        except ValueError:
            pass
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    return max(seconds) if seconds else None


@dataclass
class RetryPolicy:
    attempts: int = 6
    budget_seconds: float = 300.0  # total waiting across retries of one request
    base_seconds: float = 0.5
    cap_seconds: float = 60.0
    sleep: Sleep = asyncio.sleep
    rng: random.Random = field(default_factory=random.Random)

    def backoff(self, attempt: int) -> float:
        """Full-jitter exponential backoff for the given attempt (1-based)."""
        return self.rng.uniform(0, min(self.cap_seconds, self.base_seconds * 2 ** (attempt - 1)))


@dataclass(frozen=True)
class RateInfo:
    total: float | None
    remaining: float | None
    used: float | None  # credits the last request cost, where the vendor says


@dataclass(slots=True)
class Spend:
    """Credits booked against the budget at `when` (the pacer's clock)."""

    when: float
    credits: float


class Pacer:
    """Keeps our use of a per-window request budget under `share` of the account's limit.

    The limit is learned from the response headers (or configured); our own spending is
    tracked in a sliding window, and we also slow down when the server says the account as a
    whole is near the wall, since the budget is shared with agents and other apps.
    """

    def __init__(
        self,
        *,
        share: float = 0.5,
        limit: float | None = None,
        window_seconds: float = 60.0,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not 0 < share <= 1:
            raise ValueError("share must be in (0, 1]")
        self.share = share
        self.limit = limit
        self.window = window_seconds
        self.sleep = sleep
        self.clock = clock
        self.spent: deque[Spend] = deque()
        self.server_remaining: float | None = None
        self.waited = 0.0
        self.hold_until = 0.0  # the server's Retry-After, for every request of the account
        # A booking counts for the window plus this margin: a slot freed at exactly 60 s would
        # let any delay on the way put one request over the share in some sliding minute.
        self.margin = min(1.0, window_seconds / 60)

    def hold(self, seconds: float) -> None:
        """The server said to wait (429 or 503 with Retry-After): no request of this account
        goes out before then, whichever task sends it. The wall signal of the same answer is
        superseded by this exact advice."""
        self.hold_until = max(self.hold_until, self.clock() + seconds)
        self.server_remaining = None

    def allowance(self) -> float | None:
        return None if self.limit is None else max(1.0, self.limit * self.share)

    def _prune(self, now: float) -> None:
        while self.spent and self.spent[0].when <= now - self.window - self.margin:
            self.spent.popleft()

    def _spent_in_window(self, now: float) -> float:
        self._prune(now)
        return sum(item.credits for item in self.spent)

    async def acquire(self, credits: float = 1.0) -> Spend:
        """Wait until `credits` fit in the budget, and book them; the booking is returned so
        that `observe` can charge what the request really cost (requests run concurrently)."""
        held = self.hold_until - self.clock()
        if held > 0:
            await self._wait(held)
        allowance = self.allowance()
        while allowance is not None:
            now = self.clock()
            spent = self._spent_in_window(now)
            if spent + credits <= allowance or not self.spent:
                break
            wait = self.spent[0].when + self.window + self.margin - now
            await self._wait(max(wait, 0.01))
        if self.server_remaining is not None and self.limit and self.server_remaining < credits:
            # The account as a whole is at the wall: give the window time to roll over.
            await self._wait(self.window / 4)
            self.server_remaining = None
        now = self.clock()
        self._prune(now)  # also while no limit is known, when the loop above does not run
        booked = Spend(now, credits)
        self.spent.append(booked)
        return booked

    def observe(self, info: RateInfo, booked: Spend | None = None) -> None:
        """Learn from a response's rate headers; `booked` is its request's booking (default:
        the latest)."""
        if info.total is not None and info.total > 0:
            self.limit = info.total
        self.server_remaining = info.remaining
        booked = booked or (self.spent[-1] if self.spent else None)
        if info.used is not None and booked is not None:
            booked.credits = info.used  # charge what the server says it cost

    async def _wait(self, seconds: float) -> None:
        self.waited += seconds
        await self.sleep(seconds)


@dataclass(frozen=True)
class Usage:
    """What a run has spent of an account's API: for the progress line and the summary."""

    requests: int
    credits: float
    limited: int  # 429 answers
    limit: float | None  # the account's per-minute limit, as the headers tell it
    allowance: float | None  # the share of it we allow ourselves

    def describe(self) -> str:
        text = f"API {self.requests} requests"
        if self.credits and self.credits != self.requests:
            text += f" ({self.credits:g} credits)"
        if self.limit:
            text += f", budget {self.allowance:g}/min of {self.limit:g}"
        return text + (f", {self.limited} rate-limited" if self.limited else "")


class _OverBudget(stop_base):
    """Stop when the next wait would take the total waited past the budget. Counts planned
    waits, not the clock, so it holds with an injected sleep too."""

    def __init__(self, budget_seconds: float) -> None:
        self.budget = budget_seconds

    def __call__(self, state: RetryCallState) -> bool:
        return state.idle_for + (state.upcoming_sleep or 0.0) > self.budget


ErrorReader = Callable[[httpx.Response], tuple[str, list[FieldProblem]]]
RateReader = Callable[[httpx.Headers], RateInfo]


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def read_rate_headers(headers: httpx.Headers) -> RateInfo:
    """Rate-limit headers under every name the vendors use (headers are case-insensitive)."""

    def first(*names: str) -> float | None:
        for name in names:
            value = _number(headers.get(name))
            if value is not None:
                return value
        return None

    return RateInfo(
        total=first("x-ratelimit-total", "x-rate-limit", "ratelimit-limit", "zendesk-ratelimit-limit"),
        remaining=first("x-ratelimit-remaining", "x-rate-limit-remaining", "ratelimit-remaining"),
        used=first("x-ratelimit-used-currentrequest"),
    )


def plain_error(response: httpx.Response) -> tuple[str, list[FieldProblem]]:
    return (response.reason_phrase or f"HTTP {response.status_code}", [])


class HelpdeskHTTP:
    """An httpx.AsyncClient with our retry, pacing and error rules around every request."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        vendor: str,
        policy: RetryPolicy | None = None,
        pacer: Pacer | None = None,
        read_error: ErrorReader = plain_error,
        read_rate: RateReader = read_rate_headers,
        auth_hint: str = "check the credentials in your .env",
    ) -> None:
        self.client = client
        self.vendor = vendor
        self.policy = policy or RetryPolicy()
        self.pacer = pacer or Pacer()
        self.read_error = read_error
        self.read_rate = read_rate
        self.auth_hint = auth_hint
        self.requests = 0  # sent, retries included: benchmarks count these
        self.credits = 0.0
        self.limited = 0  # answered 429

    def usage(self) -> Usage:
        pacer = self.pacer
        return Usage(self.requests, self.credits, self.limited, pacer.limit, pacer.allowance())

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        credits: float = 1.0,
        ok: tuple[int, ...] = (200, 201),
    ) -> httpx.Response:
        """Send with retries; return a response whose status is in `ok`, else raise ours.

        Statuses outside `ok` that are not errors of ours (404, say) are returned as they are
        when listed in `ok`; the caller decides what they mean for its resource.
        """
        writing = method.upper() not in ("GET", "HEAD", "OPTIONS")
        retrying = AsyncRetrying(
            stop=stop_any(stop_after_attempt(self.policy.attempts), _OverBudget(self.policy.budget_seconds)),
            wait=self._wait,
            retry=retry_if_exception_type(TransientError),
            sleep=self.policy.sleep,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._send(method, path, params, json, credits, ok, writing)
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        advised = error.retry_after if isinstance(error, TransientError) else None
        return advised if advised is not None else self.policy.backoff(state.attempt_number)

    async def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        json: Any,
        credits: float,
        ok: tuple[int, ...],
        writing: bool,
    ) -> httpx.Response:
        booked = await self.pacer.acquire(credits)
        self.requests += 1
        where = f"{method} {path}"
        try:
            response = await self.client.request(method, path, params=params, json=json)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise TransientError(
                f"{self.vendor}: could not connect for {where} ({type(exc).__name__})"
            ) from None
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            if writing:
                raise ResponseLost(
                    f"{self.vendor}: {where} was sent but no answer came ({type(exc).__name__})"
                ) from None
            raise TransientError(f"{self.vendor}: {where} failed in transit ({type(exc).__name__})") from None
        info = self.read_rate(response.headers)
        self.pacer.observe(info, booked)
        self.credits += info.used if info.used is not None else credits
        if response.status_code in ok:
            return response
        raise self._error(response, where, writing)

    def _error(self, response: httpx.Response, where: str, writing: bool) -> HelpdeskError:
        status = response.status_code
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if retry_after is not None and status in (429, 503):
            self.pacer.hold(retry_after)
        if status == 429:
            self.limited += 1
            return TransientError(
                f"{self.vendor}: rate limited on {where}", retry_after=retry_after, status=status
            )
        if status >= 500:
            if writing and status != 503:
                return ResponseLost(f"{self.vendor}: {where} answered {status}; it may have been applied")
            return TransientError(
                f"{self.vendor}: {where} answered {status}", retry_after=retry_after, status=status
            )
        if status in (401, 403):
            message, _ = self.read_error(response)
            what = "rejected the credentials" if status == 401 else "denied permission"
            return AuthError(f"{self.vendor} {what} for {where} ({message}); {self.auth_hint}")
        if status == 409:
            return TransientError(f"{self.vendor}: {where} conflicted with another change", status=status)
        message, problems = self.read_error(response)
        return RequestRejected(f"{self.vendor} refused {where} ({status} {message})", problems, status)
