"""The endpoints of the Zendesk stand-in; each function answers one path."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from integrations.standin import Answer, iso
from integrations.zendesk.standin import (
    CLOSED,
    CONFLICT,
    FORBIDDEN,
    LAG_SECONDS,
    NOT_FOUND,
    _cursor,
    _position,
)

if TYPE_CHECKING:
    from integrations.zendesk.standin import ZendeskStandIn


def invalid(message: str) -> Answer:
    return Answer(400, {"error": "InvalidParameter", "description": message})


def route(s: ZendeskStandIn, method: str, path: str, query: dict[str, str], body: Any) -> Answer:
    parts = re.sub(r"\.json$", "", path.removeprefix("/api/v2")).strip("/").split("/")
    match method, parts:
        case "GET", ["users", "me"]:
            return Answer(200, {"user": s.users[s.me_id]})
        case "GET", ["oauth", "tokens", "current"]:
            return Answer(200, {"token": {"id": 1, "scopes": list(s.token_scopes)}})
        case "GET", ["users", "show_many"]:
            ids = [int(i) for i in query.get("ids", "").split(",") if i.isdigit()]
            return Answer(200, {"users": [s.users[i] for i in ids if i in s.users]})
        case "GET", ["incremental", "tickets", "cursor"]:
            return export(s, query)
        case "GET", ["tickets", ticket_id] if ticket_id.isdigit():
            ticket = s.tickets.get(int(ticket_id))
            return Answer(200, {"ticket": ticket}) if ticket and ticket["status"] != "deleted" else NOT_FOUND
        case "GET", ["tickets", ticket_id, "metrics"] if ticket_id.isdigit():
            found = s.metric_sets.get(int(ticket_id))
            return (
                Answer(200, {"ticket_metric": found}) if found and int(ticket_id) in s.tickets else NOT_FOUND
            )
        case "GET", ["tickets", ticket_id, "comments"] if ticket_id.isdigit():
            return comments(s, int(ticket_id), query)
        case "PUT", ["tickets", ticket_id] if ticket_id.isdigit():
            return update(s, int(ticket_id), body)
        case "PUT", ["tickets", ticket_id, "tags"] if ticket_id.isdigit():
            return add_tags(s, int(ticket_id), body)
    return NOT_FOUND


def export(s: ZendeskStandIn, query: dict[str, str]) -> Answer:
    if s.users[s.me_id]["role"] != "admin":
        return FORBIDDEN  # "Allowed for: Admins"
    now = int(s.clock())
    try:
        size = int(query.get("per_page", "1000"))
    except ValueError:
        return invalid("per_page must be a number")
    if not 1 <= size <= 1000:
        return invalid("per_page must be between 1 and 1000")
    if "cursor" in query:
        position = _position(query["cursor"])
        if position is None:
            return invalid("The cursor is not valid")
    elif "start_time" in query:
        if not query["start_time"].isdigit():
            return invalid("start_time must be a Unix epoch time")
        start = int(query["start_time"])
        if start > now - LAG_SECONDS:
            return Answer(
                422,
                {
                    "error": "StartTimeTooRecent",
                    "description": "Too recent start_time. Use a start_time older than one minute.",
                },
            )
        position = (start, -1)
    else:
        return invalid("start_time or cursor is required")
    ready = sorted(
        (t["generated_timestamp"], t["id"])
        for t in s.tickets.values()
        if t["generated_timestamp"] <= now - LAG_SECONDS
    )  # the last minute is held back
    after = [key for key in ready if key > position]
    window = after[:size]
    last = window[-1] if window else position
    includes = set(query.get("include", "").split(","))
    tickets = [s.tickets[i] for _, i in window]
    body: dict[str, Any] = {
        "tickets": tickets,
        "after_cursor": _cursor(*last),
        "before_cursor": None,
        "before_url": None,
        "after_url": f"{s.base_url}/api/v2/incremental/tickets/cursor.json?cursor={_cursor(*last)}",
        "end_of_stream": len(after) <= size,
    }
    if "users" in includes:
        ids = {
            v
            for t in tickets
            for k in ("requester_id", "assignee_id", "submitter_id")
            if (v := t.get(k)) is not None
        }
        body["users"] = [s.users[i] for i in sorted(ids) if i in s.users]
    if "metric_sets" in includes:
        body["metric_sets"] = [s.metric_sets[t["id"]] for t in tickets if t["id"] in s.metric_sets]
    return Answer(200, body)


def comments(s: ZendeskStandIn, ticket_id: int, query: dict[str, str]) -> Answer:
    ticket = s.tickets.get(ticket_id)
    if ticket is None or ticket["status"] == "deleted":
        return NOT_FOUND
    size = int(query.get("page[size]", "100"))
    if not 1 <= size <= 100:
        return invalid("page[size] must be between 1 and 100")
    items = s.comments[ticket_id]
    after = query.get("page[after]")
    start = next((n + 1 for n, c in enumerate(items) if str(c["id"]) == after), 0) if after else 0
    window = items[start : start + size]
    more = len(window) == size  # a full page always says "more", so a final empty page can follow
    cursor = str(window[-1]["id"]) if window else after
    next_url = f"{s.base_url}/api/v2/tickets/{ticket_id}/comments.json?page[size]={size}&page[after]={cursor}"
    return Answer(
        200,
        {
            "comments": window,
            "meta": {"has_more": more, "after_cursor": cursor, "before_cursor": None},
            "links": {"next": next_url if more else None, "prev": None},
        },
    )


def update(s: ZendeskStandIn, ticket_id: int, body: Any) -> Answer:
    ticket = s.tickets.get(ticket_id)
    if ticket is None or ticket["status"] == "deleted":
        return NOT_FOUND
    change = body.get("ticket") if isinstance(body, dict) else None
    if not isinstance(change, dict):
        return invalid('the body must be {"ticket": {...}}')
    if ticket["status"] == "closed":
        return CLOSED
    if change.get("safe_update") and change.get("updated_stamp") != ticket["updated_at"]:
        return CONFLICT
    comment = change.get("comment")
    events = []
    if isinstance(comment, dict):
        text = comment.get("html_body") or comment.get("body") or ""
        new = {
            "id": s.next_id(),
            "type": "Comment",
            "author_id": comment.get("author_id", s.me_id),
            "body": re.sub(r"<[^>]+>", "", text),
            "html_body": text,
            "plain_body": re.sub(r"<[^>]+>", "", text),
            "public": bool(comment.get("public", True)),
            "created_at": iso(s.now()),
            "attachments": [],
            "via": {"channel": "api"},
            "metadata": {},
        }
        s.comments[ticket_id].append(new)
        events.append({"type": "Comment", **new})
    if "tags" in change:
        ticket["tags"] = list(change["tags"])  # tags in a ticket update replace the list
    for item in change.get("custom_fields") or []:
        ticket["custom_fields"] = [f for f in ticket["custom_fields"] if f["id"] != item["id"]] + [item]
    if "status" in change:
        ticket["status"] = change["status"]
    s.touch(ticket_id)
    s.record_write("PUT", f"/tickets/{ticket_id}", body)
    return Answer(200, {"ticket": ticket, "audit": {"events": events}})


def add_tags(s: ZendeskStandIn, ticket_id: int, body: Any) -> Answer:
    ticket = s.tickets.get(ticket_id)
    if ticket is None or ticket["status"] == "deleted":
        return NOT_FOUND
    tags = body.get("tags") if isinstance(body, dict) else None
    if not isinstance(tags, list):
        return invalid("tags must be a list")
    ticket["tags"] = list(dict.fromkeys([*ticket["tags"], *tags]))
    s.touch(ticket_id)
    s.record_write("PUT", f"/tickets/{ticket_id}/tags", body)
    return Answer(200, {"tags": ticket["tags"]})
