"""A local stand-in for Freshdesk API v2, on loopback, for the demo, end-to-end tests and
benchmarks. It follows the rules a connector must cope with, as recorded from the real API:

- ticket lists: `updated_since` (inclusive), ordering with ties by id, `per_page` ≤ 100, Link
  headers, 400 on page 301, only the last 30 days without `updated_since`, includes that cost
  2 credits each, no spam;
- conversations paged the same way; the description kept out of them;
- notes bump the ticket's `updated_at` (so our own note brings the ticket back), archived
  tickets live under /tickets/archived/{id} and are read-only, PUT replaces tags;
- a per-minute credit limit with X-RateLimit-* headers and 429 + Retry-After, on a time scale
  (`time_scale=60` makes a minute last one second);
- injectable faults: a status (5xx, 429…), a timeout, a dropped connection, a slow answer, or
  an answer lost after a write was applied.
Every write is recorded, so tests can assert on exactly what a client did.
"""

from __future__ import annotations

import base64
import json
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

STATUSES = {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed", 6: "Waiting on Customer"}
INCLUDES = {"description", "requester", "stats", "company"}
UNAUTHORIZED = {"code": "invalid_credentials", "message": "You have to be logged in to perform this action."}
PAGE_LIMIT = {
    "description": "Validation failed",
    "errors": [
        {
            "field": "page",
            "message": "You cannot access tickets beyond the 300th page. "
            "Please provide a smaller page number.",
            "code": "invalid_value",
        }
    ],
}


@dataclass
class Fault:
    """`kind`: status | timeout | drop | slow | lost. Applies to requests whose method and
    path match, `times` times (0: until cleared)."""

    kind: str
    method: str = "*"
    path: str = ".*"
    status: int = 500
    retry_after: str | None = None
    seconds: float = 0.0
    times: int = 1

    def matches(self, method: str, path: str) -> bool:
        return self.method in ("*", method) and re.fullmatch(self.path, path) is not None


class Dropped(Exception):
    """Close the connection without an answer."""


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class FreshdeskStandIn:
    def __init__(
        self,
        *,
        api_key: str = "standin-api-key",
        rate_limit: int | None = 700,
        time_scale: float = 1.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.api_key = api_key
        self.rate_limit = rate_limit
        self.time_scale = time_scale
        self.clock = clock
        self.lock = threading.RLock()
        self.tickets: dict[int, dict[str, Any]] = {}
        self.archived: dict[int, dict[str, Any]] = {}
        self.conversations: dict[int, list[dict[str, Any]]] = {}
        self.agents: dict[int, dict[str, Any]] = {}
        self.contacts: dict[int, dict[str, Any]] = {}
        self.writes: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str]] = []
        self.faults: list[Fault] = []
        self.credits_used = 0.0
        self.limited = 0  # 429s answered for the rate limit (not injected ones)
        self._window = (-1, 0.0)  # (window number, credits used in it)
        self._ids = 1000
        self._server: ThreadingHTTPServer | None = None
        self.me_id = self.add_agent("ticketqa", "qa-bot@example.com")  # the API key's own agent

    # --- data -----------------------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.fromtimestamp(int(self.clock()), UTC)

    def next_id(self) -> int:
        with self.lock:
            self._ids += 1
            return self._ids

    def add_agent(self, name: str, email: str) -> int:
        agent_id = self.next_id()
        self.agents[agent_id] = {
            "id": agent_id,
            "type": "support_agent",
            "occasional": False,
            "available": True,
            "ticket_scope": 1,
            "contact": {"name": name, "email": email, "active": True},
        }
        return agent_id

    def add_contact(self, name: str | None, email: str | None) -> int:
        contact_id = self.next_id()
        self.contacts[contact_id] = {
            "id": contact_id,
            "name": name,
            "email": email,
            "mobile": None,
            "phone": None,
        }
        return contact_id

    def add_ticket(
        self,
        ticket: dict[str, Any],
        conversations: list[dict[str, Any]] | None = None,
        *,
        archived: bool = False,
    ) -> int:
        with self.lock:
            ticket_id = int(ticket.get("id") or self.next_id())
            ticket = {
                "priority": 1,
                "source": 1,
                "tags": [],
                "custom_fields": {},
                "spam": False,
                "group_id": None,
                "responder_id": None,
                "type": None,
                **ticket,
                "id": ticket_id,
            }
            (self.archived if archived else self.tickets)[ticket_id] = ticket
            self.conversations[ticket_id] = [dict(c, ticket_id=ticket_id) for c in conversations or []]
            return ticket_id

    def touch(self, ticket_id: int) -> None:
        """Any change moves updated_at forward, as on the real service."""
        self.tickets[ticket_id]["updated_at"] = iso(self.now())

    def archive(self, ticket_id: int) -> None:
        with self.lock:
            self.archived[ticket_id] = self.tickets.pop(ticket_id)

    def notes_by_us(self, ticket_id: int) -> list[dict[str, Any]]:
        return [
            c
            for c in self.conversations.get(ticket_id, [])
            if c.get("user_id") == self.me_id and c["private"]
        ]

    # --- serving --------------------------------------------------------------------------

    def start(self, port: int = 0, host: str = "127.0.0.1") -> str:
        standin = self

        class Handler(_Handler):
            owner = standin

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="freshdesk-standin", daemon=True).start()
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

    def _charge(self, credits: float) -> tuple[Answer | None, dict[str, str]]:
        """Spend credits in the current (scaled) minute; a 429 when the limit is reached."""
        if self.rate_limit is None:
            return None, {}
        window = 60.0 / self.time_scale
        now = self.clock()
        number = int(now // window)
        with self.lock:
            used = self._window[1] if self._window[0] == number else 0.0
            if used + credits > self.rate_limit:
                self.limited += 1
                wait = math.ceil((number + 1) * window - now)
                headers = {
                    "Retry-After": str(max(1, wait)),
                    "X-RateLimit-Total": f"{self.rate_limit}",
                    "X-RateLimit-Remaining": f"{max(0.0, self.rate_limit - used)}",
                    "X-RateLimit-Used-CurrentRequest": "0",
                }
                return Answer(429, {"message": "Rate limit exceeded"}, headers), headers
            used += credits
            self._window = (number, used)
            self.credits_used += credits
        return None, {
            "X-RateLimit-Total": f"{float(self.rate_limit)}",
            "X-RateLimit-Remaining": f"{float(self.rate_limit - used)}",
            "X-RateLimit-Used-CurrentRequest": f"{float(credits)}",
        }

    def serve(self, method: str, target: str, body: bytes, authorization: str | None) -> Answer:
        """One request, start to end. Raises Dropped when the connection must close unanswered."""
        from integrations.freshdesk.standin_api import route  # the endpoints, kept in their own module

        url = urlparse(target)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if url.path.startswith("/_standin/"):
            return self._control(method, url.path, body)
        self.requests.append((method, url.path))
        fault = self._fault_for(method, url.path)
        if fault is not None and fault.kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            return Answer(fault.status, {"message": "Injected fault"}, headers)
        if fault is not None and fault.kind == "drop":
            raise Dropped
        if fault is not None and fault.kind in ("slow", "timeout"):
            time.sleep(fault.seconds)  # then answer: a client that gave up has gone by then
        answer = self._serve_api(route, method, url.path, query, body, authorization)
        if fault is not None and fault.kind == "lost":
            raise Dropped  # applied, but the answer never goes out
        return answer

    def _serve_api(
        self,
        route: Callable[..., Answer],
        method: str,
        path: str,
        query: dict[str, str],
        body: bytes,
        authorization: str | None,
    ) -> Answer:
        if authorization != "Basic " + base64.b64encode(f"{self.api_key}:X".encode()).decode():
            return Answer(401, UNAUTHORIZED)
        try:
            payload = json.loads(body) if body else None
        except ValueError:
            return Answer(
                400,
                {
                    "description": "Validation failed",
                    "errors": [
                        {"field": "body", "message": "It should be a valid JSON", "code": "invalid_json"}
                    ],
                },
            )
        with self.lock:
            limited, rate_headers = self._charge(1 + 2 * len(_includes(query)))
            if limited is not None:
                return limited
            answer = route(self, method, path, query, payload)
        answer.headers.update(rate_headers)
        return answer

    def _control(self, method: str, path: str, body: bytes) -> Answer:
        """Not Freshdesk's: lets a script drive a stand-in started from the command line."""
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
                200, {"requests": len(self.requests), "credits": self.credits_used, "limited": self.limited}
            )
        return Answer(404, None)

    def link(self, path: str, query: dict[str, str], page: int) -> str:
        return f'<{self.base_url}{path}?{urlencode({**query, "page": str(page)})}>; rel="next"'

    def in_days(self, days: int) -> datetime:
        return self.now() - timedelta(days=days)


def _includes(query: dict[str, str]) -> list[str]:
    return [i for i in query.get("include", "").split(",") if i]


class _Handler(BaseHTTPRequestHandler):
    owner: FreshdeskStandIn
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests and demo read the records
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            answer = self.owner.serve(self.command, self.path, body, self.headers.get("Authorization"))
        except Dropped:
            self.close_connection = True
            return
        except Exception as exc:  # a bug in the stand-in answers 500, like a real server would
            answer = Answer(500, {"message": f"stand-in error: {type(exc).__name__}: {exc}"})
        data = b"" if answer.body is None else json.dumps(answer.body).encode()
        self.send_response(answer.status)
        for name, value in {"Content-Type": "application/json; charset=utf-8", **answer.headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _handle
