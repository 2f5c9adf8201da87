"""What every stand-in helpdesk shares: a threaded HTTP server on loopback, injectable faults,
a per-minute request budget on a time scale, and a record of requests and writes. A vendor's
stand-in subclasses `StandIn` with its own authentication, costs, headers and endpoints."""

from __future__ import annotations

import json
import math
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class Fault:
    """`kind`: status | timeout | slow | drop | lost. Applies to requests whose method and
    path match, `times` times (0: until the stand-in stops).

    - status: answer `status` (with `retry_after` if given) instead of handling the request;
    - slow / timeout: wait `seconds`, then handle and answer (a client that gave up is gone);
    - drop: close the connection before handling the request (nothing applied);
    - lost: handle the request (a write is applied), then close without answering.
    """

    kind: str
    method: str = "*"
    path: str = ".*"
    status: int = 500
    retry_after: str | None = None
    seconds: float = 0.0
    times: int = 1
    probability: float = 1.0  # below 1: strikes at random (seeded), for soak tests
    seed: int = 0
    _rng: random.Random | None = field(default=None, repr=False, compare=False)

    def matches(self, method: str, path: str) -> bool:
        if not (self.method in ("*", method) and re.fullmatch(self.path, path) is not None):
            return False
        if self.probability >= 1:
            return True
        if self._rng is None:
            self._rng = random.Random(self.seed)
        return self._rng.random() < self.probability


class Dropped(Exception):
    """Close the connection without an answer."""


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # a body that is not JSON (plain-text 429s, say)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class StandIn:
    """Subclasses implement `authorize`, `cost`, `rate_headers`, `too_many` and `route`."""

    name = "stand-in"

    def __init__(self, *, rate_limit: int | None, time_scale: float, clock: Callable[[], float]) -> None:
        self.rate_limit = rate_limit
        self.time_scale = time_scale
        self.clock = clock
        self.lock = threading.RLock()
        self.writes: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str]] = []
        self.faults: list[Fault] = []
        self.credits_used = 0.0
        self.limited_count = 0  # 429s answered for the rate limit (not injected ones)
        self.peak_use: dict[str, float] = {}  # the most any one (scaled) minute spent, per budget
        self._windows: dict[str, tuple[int, float]] = {}  # budget name → (window number, used)
        self._ids = 1000
        self._server: ThreadingHTTPServer | None = None

    # --- for subclasses -------------------------------------------------------------------

    def authorize(self, headers: Mapping[str, str]) -> Answer | None:
        raise NotImplementedError

    def cost(self, method: str, path: str, query: dict[str, str]) -> list[tuple[str, float, int]]:
        """The budgets a request spends from: (name, credits, limit per minute)."""
        return [] if self.rate_limit is None else [("account", 1.0, self.rate_limit)]

    def rate_headers(self, spent: list[tuple[str, float, int, float]]) -> dict[str, str]:
        """Headers for an answered request; `spent` holds (name, credits, limit, used so far)."""
        return {}

    def too_many(self, name: str, limit: int, used: float, retry_after: int) -> Answer:
        return Answer(429, {"error": "TooManyRequests"}, {"Retry-After": str(retry_after)})

    def route(
        self, method: str, path: str, query: dict[str, str], body: Any, headers: Mapping[str, str]
    ) -> Answer:
        raise NotImplementedError

    # --- shared ---------------------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.fromtimestamp(int(self.clock()), UTC)

    def next_id(self) -> int:
        with self.lock:
            self._ids += 1
            return self._ids

    def record_write(self, method: str, path: str, body: Any) -> None:
        self.writes.append({"method": method, "path": path, "body": body, "at": iso(self.now())})

    def inject(self, fault: Fault) -> None:
        with self.lock:
            self.faults.append(fault)

    def _fault_for(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    if fault.times > 0:
                        fault.times -= 1
                        if fault.times == 0:
                            self.faults.remove(fault)
                    return fault
        return None

    def _charge(self, budgets: list[tuple[str, float, int]]) -> Answer | list[tuple[str, float, int, float]]:
        """Spend from each budget in the current (scaled) minute, or the 429 of the first
        budget that has run out. Nothing is spent when any budget is out."""
        window = 60.0 / self.time_scale
        now = self.clock()
        number = int(now // window)
        spent = []
        for name, credits, limit in budgets:
            seen, used = self._windows.get(name, (number, 0.0))
            used = used if seen == number else 0.0
            if used + credits > limit:
                self.limited_count += 1
                return self.too_many(name, limit, used, max(1, math.ceil((number + 1) * window - now)))
            spent.append((name, credits, limit, used + credits))
        for name, _, _, used in spent:
            self._windows[name] = (number, used)
            self.peak_use[name] = max(self.peak_use.get(name, 0.0), used)
        self.credits_used += sum(credits for name, credits, _, _ in spent if name == "account")
        return spent

    def serve(self, method: str, target: str, body: bytes, headers: Mapping[str, str]) -> Answer:
        """One request, start to end. Raises Dropped when the connection must close unanswered."""
        url = urlparse(target)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if url.path.startswith("/_standin/"):
            return self._control(method, url.path, body)
        self.requests.append((method, url.path))
        fault = self._fault_for(method, url.path)
        if fault is not None and fault.kind == "status":
            extra = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            return Answer(fault.status, {"error": "InjectedFault"}, extra)
        if fault is not None and fault.kind == "drop":
            raise Dropped
        if fault is not None and fault.kind in ("slow", "timeout"):
            time.sleep(fault.seconds)
        answer = self._serve_api(method, url.path, query, body, headers)
        if fault is not None and fault.kind == "lost":
            raise Dropped  # applied, but the answer never goes out
        return answer

    def _serve_api(
        self, method: str, path: str, query: dict[str, str], body: bytes, headers: Mapping[str, str]
    ) -> Answer:
        denied = self.authorize(headers)
        if denied is not None:
            return denied
        try:
            payload = json.loads(body) if body else None
        except ValueError:
            return Answer(400, {"error": "InvalidJSON", "description": "The request body is not valid JSON"})
        with self.lock:
            charged = self._charge(self.cost(method, path, query))
            if isinstance(charged, Answer):
                return charged
            answer = self.route(method, path, query, payload, headers)
        answer.headers.update(self.rate_headers(charged))
        return answer

    def _control(self, method: str, path: str, body: bytes) -> Answer:
        """Not the vendor's: lets a script drive a stand-in started from the command line."""
        if method == "POST" and path == "/_standin/faults":
            try:
                self.inject(Fault(**json.loads(body)))
            except (ValueError, TypeError) as exc:
                return Answer(400, {"message": f"not a fault: {exc}"})
            return Answer(201, {"faults": len(self.faults)})
        if method == "GET" and path == "/_standin/writes":
            return Answer(200, self.writes)
        if method == "GET" and path == "/_standin/stats":
            return Answer(
                200,
                {"requests": len(self.requests), "credits": self.credits_used, "limited": self.limited_count},
            )
        return Answer(404, None)

    # --- serving --------------------------------------------------------------------------

    def start(self, port: int = 0, host: str = "127.0.0.1") -> str:
        standin = self

        class Handler(_Handler):
            owner = standin

        self._server = _Server((host, port), Handler)
        self._server.daemon_threads = True
        # `stop` waits for the serving loop's next look at its flag: every 20 ms, not every 0.5 s.
        threading.Thread(
            target=self._server.serve_forever, args=(0.02,), name=self.name, daemon=True
        ).start()
        return self.base_url

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the stand-in first"
        address = self._server.server_address
        return f"http://{address[0]!s}:{address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that vanished (killed, timed out) is normal here; anything else is reported."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    owner: StandIn
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes; with Nagle's algorithm on, the body waits for the
    # client's delayed ACK of the headers on a kept-alive connection: 40 ms on every request,
    # which no real helpdesk adds. Measured: 44 ms a request before, under 2 ms after.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests and demo read the records
        pass

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header tells the stand-in's time, which tests and benchmarks may move."""
        from email.utils import formatdate

        return formatdate(self.owner.clock() if timestamp is None else timestamp, usegmt=True)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            headers = {name.lower(): value for name, value in self.headers.items()}  # names are case-free
            answer = self.owner.serve(self.command, self.path, body, headers)
        except Dropped:
            self.close_connection = True
            return
        except Exception as exc:  # a bug in the stand-in answers 500, like a real server would
            answer = Answer(500, {"error": f"stand-in error: {type(exc).__name__}: {exc}"})
        data = (
            answer.raw
            if answer.raw is not None
            else (b"" if answer.body is None else json.dumps(answer.body).encode())
        )
        content_type = (
            "text/plain; charset=utf-8" if answer.raw is not None else "application/json; charset=utf-8"
        )
        self.send_response(answer.status)
        for name, value in {"Content-Type": content_type, **answer.headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting (a slow-answer fault)

    do_GET = do_POST = do_PUT = do_DELETE = _handle
