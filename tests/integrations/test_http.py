"""The shared HTTP layer: what is retried, after how long, and what each failure becomes."""

import random
from datetime import UTC, datetime

import httpx
import pytest
import respx

from integrations.errors import AuthError, RequestRejected, ResponseLost, TransientError
from integrations.http import HelpdeskHTTP, Pacer, RetryPolicy, parse_retry_after, read_rate_headers
from tests.helpers import Sleeps

BASE = "https://acme.example.test"


def _http(sleeps: Sleeps, **policy: float) -> HelpdeskHTTP:
    client = httpx.AsyncClient(base_url=BASE, auth=("secret-key-123", "X"))
    retry = RetryPolicy(sleep=sleeps, rng=random.Random(1), **policy)  # type: ignore[arg-type]
    return HelpdeskHTTP(client, vendor="Acme", policy=retry, pacer=Pacer(sleep=sleeps))


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("7", 7.0),
        ("2.5", 2.5),
        ("50, 53", 53.0),
        ("-3", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("Tue, 24 Nov 2026 12:00:30 GMT", 30.0),
    ],
)
def test_retry_after_accepts_numbers_lists_and_dates(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=datetime(2026, 11, 24, 12, 0, tzinfo=UTC)) == seconds


def test_rate_headers_are_read_case_insensitively_and_as_decimals() -> None:
    info = read_rate_headers(
        httpx.Headers(
            {
                "X-RATELIMIT-TOTAL": "700.0",
                "x-ratelimit-remaining": "12.5",
                "X-RateLimit-Used-CurrentRequest": "7",
            }
        )
    )
    assert (info.total, info.remaining, info.used) == (700.0, 12.5, 7.0)
    zendesk = read_rate_headers(httpx.Headers({"x-rate-limit": "400", "X-Rate-Limit-Remaining": "3"}))
    assert (zendesk.total, zendesk.remaining) == (400.0, 3.0)


@respx.mock
async def test_429_waits_for_retry_after_then_succeeds() -> None:
    sleeps = Sleeps()
    respx.get(f"{BASE}/x").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "7"}, text="<html>busy</html>"),
            httpx.Response(200, json=[]),
        ]
    )
    response = await _http(sleeps).request("GET", "/x")
    assert response.status_code == 200
    assert 7.0 in sleeps.calls


@respx.mock
async def test_5xx_and_transport_errors_are_retried_with_backoff_until_the_cap() -> None:
    sleeps = Sleeps()
    route = respx.get(f"{BASE}/x").mock(
        side_effect=[
            httpx.Response(502),
            httpx.ReadTimeout("slow"),
            httpx.ConnectError("refused"),
            httpx.Response(200, json={}),
        ]
    )
    assert (await _http(sleeps).request("GET", "/x")).status_code == 200
    assert route.call_count == 4
    respx.get(f"{BASE}/down").mock(return_value=httpx.Response(500))
    with pytest.raises(TransientError, match="answered 500"):
        await _http(sleeps, attempts=3).request("GET", "/down")


@respx.mock
async def test_a_wait_longer_than_the_budget_gives_up_at_once() -> None:
    sleeps = Sleeps()
    respx.get(f"{BASE}/x").mock(return_value=httpx.Response(429, headers={"Retry-After": "3600"}))
    with pytest.raises(TransientError):
        await _http(sleeps, budget_seconds=60).request("GET", "/x")
    assert sleeps.calls == []


@respx.mock
async def test_a_write_is_never_resent_when_its_answer_may_be_lost() -> None:
    sleeps = Sleeps()
    timeout = respx.post(f"{BASE}/notes").mock(side_effect=httpx.ReadTimeout("no answer"))
    with pytest.raises(ResponseLost):
        await _http(sleeps).request("POST", "/notes", json={})
    assert timeout.call_count == 1
    respx.post(f"{BASE}/five").mock(return_value=httpx.Response(502))
    with pytest.raises(ResponseLost):
        await _http(sleeps).request("POST", "/five", json={})


@respx.mock
async def test_a_write_is_resent_when_it_cannot_have_arrived() -> None:
    sleeps = Sleeps()
    route = respx.post(f"{BASE}/notes").mock(
        side_effect=[
            httpx.ConnectError("refused"),
            httpx.Response(429, headers={"Retry-After": "1"}),
            httpx.Response(503),
            httpx.Response(201, json={"id": 1}),
        ]
    )
    assert (await _http(sleeps).request("POST", "/notes", json={})).status_code == 201
    assert route.call_count == 4


@respx.mock
async def test_auth_failures_stop_with_an_actionable_message_and_no_secret() -> None:
    respx.get(f"{BASE}/me").mock(
        return_value=httpx.Response(401, json={"message": "You have to be logged in"})
    )
    with pytest.raises(AuthError) as error:
        await _http(Sleeps()).request("GET", "/me")
    assert "rejected the credentials" in str(error.value) and "secret-key-123" not in str(error.value)
    respx.get(f"{BASE}/admin").mock(return_value=httpx.Response(403, text="<html>nope</html>"))
    with pytest.raises(AuthError, match="denied permission"):
        await _http(Sleeps()).request("GET", "/admin")


@respx.mock
async def test_validation_errors_keep_their_status_and_tolerate_non_json() -> None:
    respx.get(f"{BASE}/bad").mock(return_value=httpx.Response(422, text="not json"))
    with pytest.raises(RequestRejected) as error:
        await _http(Sleeps()).request("GET", "/bad")
    assert error.value.status == 422


async def test_pacer_keeps_our_use_under_the_share_of_the_limit() -> None:
    sleeps, now = Sleeps(), [0.0]
    pacer = Pacer(share=0.5, limit=10, window_seconds=60, sleep=sleeps, clock=lambda: now[0])
    for _ in range(5):
        await pacer.acquire()
    assert sleeps.calls == []

    async def tick(seconds: float) -> None:
        sleeps.calls.append(seconds)
        now[0] += seconds

    pacer.sleep = tick
    await pacer.acquire()  # the sixth credit in the window waits for the first to age out
    assert sleeps.calls and sum(sleeps.calls) >= 59.9


async def test_pacer_backs_off_when_the_account_is_at_the_wall() -> None:
    from integrations.http import RateInfo

    sleeps = Sleeps()
    pacer = Pacer(share=0.5, sleep=sleeps)
    pacer.observe(RateInfo(total=100, remaining=0, used=None))
    await pacer.acquire()
    assert sleeps.calls == [15.0]


async def test_the_server_s_cost_is_charged_to_the_request_it_answers() -> None:
    """Requests run concurrently: an answer corrects its own booking, not the latest one."""
    from integrations.http import RateInfo

    pacer = Pacer(share=0.5, limit=100, sleep=Sleeps())
    first, second = await pacer.acquire(), await pacer.acquire()
    pacer.observe(RateInfo(total=100, remaining=90, used=7), first)
    assert (first.credits, second.credits) == (7, 1)


async def test_bookings_older_than_the_window_are_dropped_even_without_a_known_limit() -> None:
    """A long backfill against a server that sends no rate headers must not keep every booking."""
    now = [0.0]
    pacer = Pacer(share=0.5, window_seconds=60, sleep=Sleeps(), clock=lambda: now[0])
    for _ in range(1000):
        await pacer.acquire()
        now[0] += 1.0
    assert len(pacer.spent) <= 61


async def test_retry_after_holds_every_request_of_the_account_for_exactly_that_long() -> None:
    """A 429 with Retry-After pauses the other concurrent tasks too, and only for as long as
    the server said: "Retry-After: 1" is not a 15-second pause."""
    from integrations.http import RateInfo

    now = [100.0]

    async def tick(seconds: float) -> None:
        sleeps.calls.append(seconds)
        now[0] += seconds

    sleeps = Sleeps()
    pacer = Pacer(share=0.5, limit=100, sleep=tick, clock=lambda: now[0])
    pacer.observe(RateInfo(total=100, remaining=0, used=None))  # the 429's own headers
    pacer.hold(1.0)
    started = now[0]
    await pacer.acquire()  # another task's request
    assert now[0] - started == pytest.approx(1.0)
    assert sleeps.calls == [pytest.approx(1.0)]


@respx.mock
async def test_a_429_sets_the_hold_for_the_whole_account() -> None:
    respx.get(f"{BASE}/limited").mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "2"}), httpx.Response(200, json={})]
    )
    http = _http(Sleeps())
    await http.request("GET", "/limited")
    assert http.pacer.hold_until > 0


async def test_a_booking_counts_a_little_past_the_window_so_the_share_holds_in_every_minute() -> None:
    now = [0.0]
    pacer = Pacer(share=0.5, limit=2, window_seconds=60, sleep=Sleeps(), clock=lambda: now[0])
    await pacer.acquire()
    now[0] = 60.0  # exactly one window later: the slot is not free yet
    assert pacer._spent_in_window(now[0]) == 1.0
    now[0] = 61.5
    assert pacer._spent_in_window(now[0]) == 0.0
