"""The endpoints of the Freshdesk stand-in. Shapes follow the recorded responses in
shared/reference/freshdesk-fixtures; each function answers one path."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from integrations.freshdesk.standin import INCLUDES, PAGE_LIMIT, STATUSES, Answer, iso, parse_iso

if TYPE_CHECKING:
    from integrations.freshdesk.standin import FreshdeskStandIn

NOT_FOUND = Answer(404, None)  # Freshdesk's 404s come with an empty body
ORDER_FIELDS = {"created_at", "due_by", "updated_at", "status"}


def invalid(field: str, message: str, code: str = "invalid_value") -> Answer:
    return Answer(
        400,
        {"description": "Validation failed", "errors": [{"field": field, "message": message, "code": code}]},
    )


def route(s: FreshdeskStandIn, method: str, path: str, query: dict[str, str], body: Any) -> Answer:
    parts = path.removeprefix("/api/v2").strip("/").split("/")
    match method, parts:
        case "GET", ["tickets"]:
            return list_tickets(s, path, query)
        case "GET", ["tickets", "archived", ticket_id]:
            found = s.archived.get(int(ticket_id)) if ticket_id.isdigit() else None
            return Answer(200, ticket_json(s, found, {"description"})) if found else NOT_FOUND
        case "GET", ["tickets", ticket_id] if ticket_id.isdigit():
            found = s.tickets.get(int(ticket_id))
            includes = {"description", *_includes(query)}
            return Answer(200, ticket_json(s, found, includes)) if found else NOT_FOUND
        case "GET", ["tickets", ticket_id, "conversations"] if ticket_id.isdigit():
            if int(ticket_id) not in s.tickets:
                return NOT_FOUND
            return paged(s, path, query, s.conversations[int(ticket_id)])
        case "POST", ["tickets", ticket_id, "notes"] if ticket_id.isdigit():
            return add_note(s, int(ticket_id), body)
        case "PUT", ["tickets", ticket_id] if ticket_id.isdigit():
            return update_ticket(s, int(ticket_id), body)
        case "GET", ["agents", "me"]:
            return Answer(200, s.agents[s.me_id])
        case "GET", ["agents"]:
            return paged(s, path, query, list(s.agents.values()))
        case "GET", ["agents", agent_id] if agent_id.isdigit():
            agent = s.agents.get(int(agent_id))
            return Answer(200, agent) if agent else NOT_FOUND
        case "GET", ["ticket_fields"]:
            return Answer(200, ticket_fields())
    return Answer(404, None)


def _includes(query: dict[str, str]) -> list[str]:
    return [i for i in query.get("include", "").split(",") if i]


def list_tickets(s: FreshdeskStandIn, path: str, query: dict[str, str]) -> Answer:
    includes = _includes(query)
    if not set(includes) <= INCLUDES:
        return invalid("include", f"It should be one/more of: {','.join(sorted(INCLUDES))}")
    order_by, order_type = query.get("order_by", "created_at"), query.get("order_type", "desc")
    if order_by not in ORDER_FIELDS or order_type not in ("asc", "desc"):
        return invalid(
            "order_by" if order_by not in ORDER_FIELDS else "order_type",
            "It should be one of the listed values",
        )
    try:
        per_page, page = int(query.get("per_page", "30")), int(query.get("page", "1"))
    except ValueError:
        return invalid("per_page", "It should be a Positive Number", "datatype_mismatch")
    if not 1 <= per_page <= 100:
        return invalid("per_page", "Has to be less than or equal to 100")
    if page > 300:
        return Answer(400, PAGE_LIMIT)
    if "updated_since" in query:
        try:
            since = parse_iso(query["updated_since"])
        except ValueError:
            return invalid("updated_since", "It should be in the 'valid date' format", "invalid_date")
        chosen = [t for t in s.tickets.values() if parse_iso(t["updated_at"]) >= since]
    else:  # without updated_since only tickets created in the last 30 days come back
        chosen = [t for t in s.tickets.values() if parse_iso(t["created_at"]) >= s.now() - timedelta(days=30)]
    chosen = [t for t in chosen if not t.get("spam")]
    chosen.sort(key=lambda t: (t.get(order_by) or "", t["id"]), reverse=order_type == "desc")
    window = chosen[(page - 1) * per_page : page * per_page]
    headers = {"Link": s.link(path, query, page + 1)} if len(chosen) > page * per_page else {}
    return Answer(200, [ticket_json(s, t, set(includes)) for t in window], headers)


def paged(s: FreshdeskStandIn, path: str, query: dict[str, str], items: list[dict[str, Any]]) -> Answer:
    per_page, page = int(query.get("per_page", "30")), int(query.get("page", "1"))
    if not 1 <= per_page <= 100:
        return invalid("per_page", "Has to be less than or equal to 100")
    window = items[(page - 1) * per_page : page * per_page]
    headers = {"Link": s.link(path, query, page + 1)} if len(items) > page * per_page else {}
    return Answer(200, window, headers)


def ticket_json(
    s: FreshdeskStandIn, ticket: dict[str, Any] | None, includes: set[str]
) -> dict[str, Any] | None:
    if ticket is None:
        return None
    out = {k: v for k, v in ticket.items() if k not in ("description", "description_text", "stats")}
    if "description" in includes:
        out["description"] = ticket.get("description", "")
        out["description_text"] = re.sub(r"<[^>]+>", "", ticket.get("description", ""))
    if "requester" in includes:
        out["requester"] = s.contacts.get(ticket.get("requester_id") or -1)
    if "stats" in includes:
        out["stats"] = ticket.get("stats") or {}
    return out


def add_note(s: FreshdeskStandIn, ticket_id: int, body: Any) -> Answer:
    if ticket_id not in s.tickets:
        return NOT_FOUND  # archived tickets are not under /tickets any more
    if not isinstance(body, dict) or not body.get("body"):
        return invalid("body", "It should not be blank as this is a mandatory field", "missing_field")
    now = iso(s.now())
    note = {
        "id": s.next_id(),
        "ticket_id": ticket_id,
        "user_id": s.me_id,
        "body": body["body"],
        "body_text": re.sub(r"<[^>]+>", "", body["body"]),
        "incoming": bool(body.get("incoming", False)),
        "private": bool(body.get("private", True)),
        "source": 2,
        "category": 2,
        "support_email": None,
        "to_emails": [],
        "from_email": None,
        "cc_emails": [],
        "bcc_emails": None,
        "attachments": [],
        "created_at": now,
        "updated_at": now,
        "auto_response": False,
        "automation_id": None,
    }
    s.conversations[ticket_id].append(note)
    s.touch(ticket_id)
    s.writes.append({"method": "POST", "path": f"/tickets/{ticket_id}/notes", "body": body, "at": now})
    return Answer(201, note)


def update_ticket(s: FreshdeskStandIn, ticket_id: int, body: Any) -> Answer:
    ticket = s.tickets.get(ticket_id)
    if ticket is None:
        return NOT_FOUND
    if not isinstance(body, dict):
        return invalid("body", "It should be a valid JSON", "invalid_json")
    unknown = set(body) - {"tags", "custom_fields", "status", "priority"}
    if unknown:
        return invalid(sorted(unknown)[0], "Unexpected/invalid field in request", "invalid_field")
    if "tags" in body:
        ticket["tags"] = list(body["tags"])  # a PUT replaces the whole list
    if "custom_fields" in body:
        ticket["custom_fields"] = {**ticket.get("custom_fields", {}), **body["custom_fields"]}
    s.touch(ticket_id)
    s.writes.append({"method": "PUT", "path": f"/tickets/{ticket_id}", "body": body, "at": iso(s.now())})
    return Answer(200, ticket_json(s, ticket, set()))


def ticket_fields() -> list[dict[str, Any]]:
    choices = {str(k): [v, v] for k, v in STATUSES.items()}
    return [
        {
            "id": 1,
            "name": "status",
            "label": "Status",
            "type": "default_status",
            "default": True,
            "required_for_closure": False,
            "choices": choices,
        },
        {
            "id": 2,
            "name": "priority",
            "label": "Priority",
            "type": "default_priority",
            "default": True,
            "choices": {"Low": 1, "Medium": 2, "High": 3, "Urgent": 4},
        },
        {
            "id": 3,
            "name": "source",
            "label": "Source",
            "type": "default_source",
            "default": True,
            "choices": {"Email": 1, "Portal": 2, "Phone": 3, "Chat": 7},
        },
    ]
