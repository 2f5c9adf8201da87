"""The Zendesk client against mocked HTTP (respx): every endpoint it uses, every status."""

import json
from datetime import UTC, datetime

import httpx
import pytest
import respx
from pydantic import ValidationError

from integrations.errors import AuthError, FatalError, NotWritable, ResponseLost, TicketGone
from integrations.zendesk.client import ZendeskSettings
from integrations.zendesk.models import ZdTicket
from tests.integrations.zendesk.helpers import API, Sleeps, client, export, ticket

NOW = 1_790_000_000.0
EXPORT = f"{API}/incremental/tickets/cursor.json"


@pytest.mark.parametrize("subdomain", ["acme", "ACME.zendesk.com", "https://acme.zendesk.com/"])
def test_subdomain_or_host(subdomain: str) -> None:
    settings = ZendeskSettings(subdomain=subdomain)
    assert (
        settings.url == "https://acme.zendesk.com"
        and settings.token_url == "https://acme.zendesk.com/oauth/tokens"
    )


def test_other_hosts_are_refused() -> None:
    with pytest.raises(ValidationError, match="subdomain"):
        ZendeskSettings(subdomain="help.acme.com")


@respx.mock
async def test_first_export_clamps_start_time_a_minute_into_the_past() -> None:
    route = respx.get(EXPORT).mock(return_value=httpx.Response(200, json=export([], "c1", True)))
    async with client(clock=lambda: NOW) as zd:
        [page] = [p async for p in zd.changed(start=datetime.fromtimestamp(NOW, UTC))]
    params = route.calls[0].request.url.params
    assert int(params["start_time"]) == int(NOW) - 61
    assert params["include"] == "users,metric_sets" and params["per_page"] == "1000"
    assert page.cursor == "c1" and page.end_of_stream


@respx.mock
async def test_the_cursor_is_followed_and_kept_at_the_end_of_the_stream() -> None:
    route = respx.get(EXPORT).mock(
        side_effect=[
            httpx.Response(
                200,
                json=export(
                    [ticket(1, 100), ticket(2, 101, status="open")],
                    "c2",
                    False,
                    users=[{"id": 7, "name": "Sam", "role": "agent"}],
                    metric_sets=[{"ticket_id": 1, "reopens": 0}],
                ),
            ),
            httpx.Response(200, json=export([], "c3", False)),  # an empty page is not the end
            httpx.Response(
                200,
                json=export([ticket(1, 100), ticket(3, 102), ticket(4, 103, status="deleted")], "c4", True),
            ),
        ]
    )
    async with client() as zd:
        pages = [p async for p in zd.changed(cursor="c1")]
    assert [c.request.url.params["cursor"] for c in route.calls] == ["c1", "c2", "c3"]
    assert [[t.id for t in p.tickets] for p in pages] == [[1], [], [3]]  # open filtered, duplicate dropped
    assert pages[-1].deleted == [4] and pages[-1].cursor == "c4" and pages[-1].end_of_stream
    assert pages[0].users[7].role == "agent" and pages[0].metrics[1].reopens == 0


@respx.mock
async def test_a_cursor_that_does_not_move_stops_the_run() -> None:
    respx.get(EXPORT).mock(return_value=httpx.Response(200, json=export([], "same", False)))
    async with client() as zd:
        with pytest.raises(FatalError, match="same export cursor"):
            [p async for p in zd.changed(cursor="same")]


@respx.mock
async def test_comments_follow_cursor_pages_including_an_empty_last_one() -> None:
    def page(ids: list[int], more: bool, after: str) -> httpx.Response:
        return httpx.Response(
            200,
            json={
                "comments": [
                    {
                        "id": i,
                        "author_id": 91,
                        "body": f"c{i}",
                        "public": True,
                        "created_at": "2026-11-02T09:00:00Z",
                    }
                    for i in ids
                ],
                "meta": {"has_more": more, "after_cursor": after},
                "links": {
                    "next": f"{API}/tickets/5/comments.json?page[after]={after}&page[size]=2"
                    if more
                    else None
                },
            },
        )

    route = respx.get(url__startswith=f"{API}/tickets/5/comments.json").mock(
        side_effect=[page([1, 2], True, "2"), page([3, 4], True, "4"), page([], False, "4")]
    )
    respx.get(url__startswith=f"{API}/tickets/6/comments.json").mock(
        return_value=httpx.Response(404, json={"error": "RecordNotFound", "description": "Not found"})
    )
    async with client(comment_page_size=2) as zd:
        assert [c.id for c in await zd.comments(5)] == [1, 2, 3, 4]
        with pytest.raises(TicketGone):
            await zd.comments(6)
    assert route.call_count == 3


@respx.mock
async def test_note_is_one_private_update_with_tags_added_safely() -> None:
    put = respx.put(f"{API}/tickets/5.json").mock(return_value=httpx.Response(200, json={"ticket": {}}))
    async with client() as zd:
        await zd.post_note(
            ZdTicket.model_validate(ticket(5, 100)), "<p>QA</p>", tags=["qa_review"], field_id=42, score=88
        )
    sent = json.loads(put.calls[0].request.content)["ticket"]
    assert sent["comment"] == {"html_body": "<p>QA</p>", "public": False}
    assert sent["tags"] == ["vip", "qa_review"] and sent["safe_update"] is True
    assert sent["updated_stamp"] == "2026-11-03T10:00:00Z"
    assert sent["custom_fields"] == [{"id": 42, "value": 88}]
    assert "status" not in sent and "author_id" not in sent["comment"]


@respx.mock
async def test_a_conflict_means_read_again_and_decide_again() -> None:
    put = respx.put(f"{API}/tickets/5.json").mock(
        side_effect=[
            httpx.Response(409, json={"error": "UpdateConflict"}),
            httpx.Response(200, json={"ticket": {}}),
        ]
    )
    respx.get(f"{API}/tickets/5.json").mock(
        return_value=httpx.Response(
            200, json={"ticket": ticket(5, 200, tags=["vip", "escalated"], updated_at="2026-11-04T08:00:00Z")}
        )
    )
    async with client() as zd:
        await zd.post_note(ZdTicket.model_validate(ticket(5, 100)), "<p>QA</p>", tags=["qa_review"])
    second = json.loads(put.calls[1].request.content)["ticket"]
    assert second["tags"] == ["vip", "escalated", "qa_review"]
    assert second["updated_stamp"] == "2026-11-04T08:00:00Z"


@respx.mock
async def test_closed_deleted_and_lost_updates() -> None:
    respx.put(f"{API}/tickets/5.json").mock(
        return_value=httpx.Response(
            422,
            json={
                "error": "RecordInvalid",
                "description": "Record validation errors",
                "details": {"status": [{"description": "Status: closed prevents ticket update"}]},
            },
        )
    )
    respx.put(f"{API}/tickets/6.json").mock(
        return_value=httpx.Response(404, json={"error": "RecordNotFound"})
    )
    lost = respx.put(f"{API}/tickets/7.json").mock(side_effect=httpx.ReadTimeout("no answer"))
    async with client() as zd:
        with pytest.raises(NotWritable, match="is closed"):
            await zd.post_note(ZdTicket.model_validate(ticket(5, 1)), "<p>x</p>")
        with pytest.raises(TicketGone):
            await zd.post_note(ZdTicket.model_validate(ticket(6, 1)), "<p>x</p>")
        with pytest.raises(ResponseLost):
            await zd.post_note(ZdTicket.model_validate(ticket(7, 1)), "<p>x</p>")
    assert lost.call_count == 1  # never sent twice blindly


@respx.mock
async def test_plain_text_429_waits_and_endpoint_limits_are_learned() -> None:
    sleeps = Sleeps()
    respx.get(f"{API}/users/me.json").mock(
        side_effect=[
            httpx.Response(
                429, text="Number of allowed API requests per minute exceeded", headers={"retry-after": "12"}
            ),
            httpx.Response(200, json={"user": {"id": 1, "role": "admin"}}, headers={"X-Rate-Limit": "400"}),
        ]
    )
    respx.put(f"{API}/tickets/5.json").mock(
        return_value=httpx.Response(
            200,
            json={"ticket": {}},
            headers={"zendesk-ratelimit-tickets-update": "total=20; remaining=19; resets=59"},
        )
    )
    async with client(sleeps=sleeps) as zd:
        assert (await zd.me()).role == "admin"
        assert zd.http.pacer.limit == 400
        await zd.post_note(ZdTicket.model_validate(ticket(5, 1)), "<p>x</p>")
        assert zd.update_pacer.limit == 20
    assert 12.0 in sleeps.calls


@respx.mock
async def test_authentication_failure_stops_the_run() -> None:
    respx.get(f"{API}/users/me.json").mock(
        return_value=httpx.Response(401, json={"error": "Couldn't authenticate you"})
    )
    async with client() as zd:
        with pytest.raises(AuthError, match="admin"):
            await zd.me()
