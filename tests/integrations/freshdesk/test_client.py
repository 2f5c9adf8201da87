"""The Freshdesk client against mocked HTTP (respx): every endpoint it uses and every status."""

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx
from pydantic import ValidationError

from integrations.errors import AuthError, FatalError, NotWritable, ResponseLost, TicketGone
from integrations.freshdesk.client import FreshdeskSettings
from tests.integrations.freshdesk.helpers import API, KEY, Sleeps, client, link, mock_setup, ticket

SINCE = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.mark.parametrize("domain", ["acme", "ACME", "acme.freshdesk.com", "https://acme.freshdesk.com/"])
def test_domain_as_subdomain_or_full_host(domain: str) -> None:
    assert FreshdeskSettings(domain=domain, api_key=KEY).url == "https://acme.freshdesk.com"


@pytest.mark.parametrize("domain", ["support.acme.com", "acme.freshdesk.io", "ac me", ""])
def test_other_domains_are_refused_with_the_fix(domain: str) -> None:
    with pytest.raises(ValidationError, match="subdomain"):
        FreshdeskSettings(domain=domain, api_key=KEY)


def test_base_url_override_and_key_never_shown() -> None:
    settings = FreshdeskSettings(domain="acme", api_key=KEY, base_url="http://127.0.0.1:9999/")
    assert settings.url == "http://127.0.0.1:9999"
    assert KEY not in repr(settings) and KEY not in str(settings.model_dump())


@respx.mock
async def test_me_uses_the_key_as_basic_auth_user() -> None:
    route = respx.get(f"{API}/agents/me").mock(
        return_value=httpx.Response(200, json={"id": 9, "contact": {"name": "QA"}})
    )
    async with client() as fd:
        assert (await fd.me()).id == 9
    assert route.calls[0].request.headers["authorization"].startswith("Basic ")


@respx.mock
async def test_resolved_statuses_by_name_or_number_and_custom_ones() -> None:
    mock_setup(respx)
    async with client(resolved_statuses=["resolved", "5", "Waiting on Third Party"]) as fd:
        assert await fd.resolved_status_ids() == {4, 5, 6}
    async with client(resolved_statuses=["Done"]) as fd:
        with pytest.raises(FatalError, match="not one of this account's statuses: Open \\(2\\)"):
            await fd.resolved_status_ids()


@respx.mock
async def test_changed_sends_updated_since_in_ascending_order_with_includes() -> None:
    mock_setup(respx)
    route = respx.get(f"{API}/tickets").mock(
        return_value=httpx.Response(
            200,
            json=[
                ticket(1, "2026-11-02T10:00:00Z"),
                ticket(2, "2026-11-02T11:00:00Z", status=2),
                ticket(3, "2026-11-02T12:00:00Z", spam=True),
            ],
        )
    )
    async with client() as fd:
        pages = [p async for p in fd.changed(SINCE)]
    params = route.calls[0].request.url.params
    assert params["updated_since"] == "2026-10-31T23:59:59Z"  # one second early: inclusive or not
    assert (params["order_by"], params["order_type"], params["per_page"]) == ("updated_at", "asc", "100")
    assert params["include"] == "description,requester,stats"
    assert [t.id for t in pages[0].tickets] == [1]  # open and spam tickets are not eligible
    assert pages[0].scanned == 3 and pages[0].checkpoint == datetime(2026, 11, 2, 12, tzinfo=UTC)


@respx.mock
async def test_each_page_is_asked_for_afresh_from_the_last_change_and_repeats_dropped() -> None:
    mock_setup(respx)
    route = respx.get(f"{API}/tickets").mock(
        side_effect=[
            httpx.Response(
                200,
                json=[ticket(1, "2026-11-02T10:00:00Z"), ticket(2, "2026-11-02T11:00:00Z")],
                headers=link(2),
            ),
            httpx.Response(
                200,
                json=[ticket(2, "2026-11-02T11:00:00Z"), ticket(3, "2026-11-02T12:00:00Z")],
                headers=link(2),
            ),
            httpx.Response(200, json=[ticket(3, "2026-11-02T12:00:00Z")]),
        ]
    )
    async with client(per_page=2) as fd:
        ids = [t.id async for p in fd.changed(SINCE) for t in p.tickets]
    assert ids == [1, 2, 3]
    sent = [(c.request.url.params["updated_since"], c.request.url.params["page"]) for c in route.calls]
    assert sent == [
        ("2026-10-31T23:59:59Z", "1"),
        ("2026-11-02T10:59:59Z", "1"),
        ("2026-11-02T11:59:59Z", "1"),
    ]


def _one_second_server(
    tickets: dict[int, str], *, inclusive: bool = True, date: list[str] | None = None
) -> Any:
    """A list endpoint over `tickets` (id → updated_at), ordered by (updated_at, id), paged two
    at a time; `updated_since` counts its own second or not, and answers carry `date[0]`."""

    def answer(request: httpx.Request) -> httpx.Response:
        since, page = request.url.params["updated_since"], int(request.url.params["page"])
        chosen = sorted((at, i) for i, at in tickets.items() if at > since or (inclusive and at == since))
        window = chosen[(page - 1) * 2 : page * 2]
        headers = link(page + 1) if len(chosen) > page * 2 else {}
        if date is not None:
            headers["Date"] = date[0]
        return httpx.Response(200, json=[ticket(i, at) for at, i in window], headers=headers)

    return answer


EVERY_HOUR = {i: f"2026-11-02T1{i}:00:00Z" for i in range(5)}


@pytest.mark.parametrize(
    ("inclusive", "since", "learned", "sent"),
    [
        # Ticket 0 comes back for the very second asked: from then on pages start at the change.
        (
            True,
            datetime(2026, 11, 2, 10, 0, 1, tzinfo=UTC),
            True,
            ["10:00:00Z", "11:00:00Z", "12:00:00Z", "13:00:00Z"],
        ),
        # Nothing proves the other reading cheaply: pages keep starting a second early.
        (
            False,
            datetime(2026, 11, 2, 10, tzinfo=UTC),
            None,
            ["09:59:59Z", "10:59:59Z", "11:59:59Z", "12:59:59Z"],
        ),
    ],
    ids=["inclusive", "exclusive"],
)
@respx.mock
async def test_pages_start_at_the_last_change_once_updated_since_proves_inclusive(
    inclusive: bool, since: datetime, learned: bool | None, sent: list[str]
) -> None:
    mock_setup(respx)
    route = respx.get(f"{API}/tickets").mock(side_effect=_one_second_server(EVERY_HOUR, inclusive=inclusive))
    async with client(per_page=2) as fd:
        ids = [t.id async for p in fd.changed(since) for t in p.tickets]
        assert fd.since_inclusive is learned
    assert ids == [0, 1, 2, 3, 4]
    assert [c.request.url.params["updated_since"][11:] for c in route.calls] == sent


@respx.mock
async def test_a_pass_lists_the_changes_made_before_it_began_and_the_next_lists_the_rest() -> None:
    """Our notes move tickets past the server's clock at the first answer: listed next pass, once."""
    mock_setup(respx)
    tickets = {1: "2026-11-02T10:00:00Z", 2: "2026-11-02T10:00:01Z", 3: "2026-11-02T10:00:02Z"}
    clock = [""]
    respx.get(f"{API}/tickets").mock(side_effect=_one_second_server(tickets, date=clock))
    passes: list[tuple[list[int], datetime]] = []
    since = SINCE
    async with client(per_page=2) as fd:
        for minute, writes in ((0, True), (1, True), (2, False)):
            clock[0] = f"Mon, 02 Nov 2026 12:0{minute}:00 GMT"
            listed = []
            async for page in fd.changed(since):
                for item in page.tickets:
                    listed.append(item.id)
                    if writes:  # our note moves it on, past the clock
                        tickets[item.id] = f"2026-11-02T12:0{minute}:05Z"
                since = page.checkpoint
            passes.append((listed, since))
    at = [datetime(2026, 11, 2, *hms, tzinfo=UTC) for hms in ((10, 0, 2), (12, 0, 5), (12, 1, 59))]
    # Each pass saves the last change it read; the quiet one read all: the clock, a second early.
    assert passes == [([1, 2, 3], at[0]), ([1, 2, 3], at[1]), ([1, 2, 3], at[2])]


@respx.mock
async def test_more_than_a_page_in_one_second_steps_to_the_next_page_number() -> None:
    """Nothing moves (a dry run, say): a page of repeats steps to the next page number."""
    mock_setup(respx)
    same = "2026-11-02T10:00:00Z"
    route = respx.get(f"{API}/tickets").mock(side_effect=_one_second_server(dict.fromkeys(range(1, 6), same)))
    async with client(per_page=2) as fd:
        ids = [t.id async for p in fd.changed(SINCE) for t in p.tickets]
    assert ids == [1, 2, 3, 4, 5]
    assert [c.request.url.params["page"] for c in route.calls] == ["1", "1", "2", "2", "3"]


@respx.mock
async def test_tickets_we_write_on_leave_their_second_and_none_behind_them_is_skipped() -> None:
    """300 tickets solved in one bulk action: each page's tickets get our note and move to the
    end; asking page 2 then would skip the page that moved up into page 1."""
    mock_setup(respx)
    tickets = dict.fromkeys(range(1, 8), "2026-11-02T10:00:00Z")
    respx.get(f"{API}/tickets").mock(side_effect=_one_second_server(tickets))
    handled: list[int] = []
    async with client(per_page=2) as fd:
        async for page in fd.changed(SINCE):
            for item in page.tickets:
                if item.updated_at.hour == 10:
                    handled.append(item.id)
                    tickets[item.id] = "2026-11-02T12:00:00Z"  # our note moves it on
    assert sorted(handled) == list(range(1, 8))


@respx.mock
async def test_page_301_refusal_is_a_clear_error_not_the_end() -> None:
    mock_setup(respx)
    respx.get(f"{API}/tickets").mock(
        return_value=httpx.Response(
            400,
            json={
                "description": "Validation failed",
                "errors": [{"field": "page", "message": "beyond the 300th page", "code": "invalid_value"}],
            },
        )
    )
    async with client() as fd:
        with pytest.raises(FatalError, match="30,000 tickets share one update time"):
            [p async for p in fd.changed(SINCE)]


@respx.mock
async def test_a_malformed_ticket_is_reported_and_the_rest_listed() -> None:
    mock_setup(respx)
    respx.get(f"{API}/tickets").mock(
        return_value=httpx.Response(200, json=[{"id": 8, "status": "x"}, ticket(9, "2026-11-02T10:00:00Z")])
    )
    async with client() as fd:
        [page] = [p async for p in fd.changed(SINCE)]
    assert [t.id for t in page.tickets] == [9]
    assert page.malformed and page.malformed[0].startswith("ticket 8:")


@respx.mock
async def test_conversations_follow_link_headers_and_404_means_gone() -> None:
    item = {
        "id": 1,
        "user_id": 7,
        "body": "<p>Hi</p>",
        "incoming": False,
        "private": False,
        "source": 0,
        "created_at": "2026-11-01T10:00:00Z",
    }
    respx.get(f"{API}/tickets/5/conversations").mock(
        side_effect=[
            httpx.Response(
                200,
                json=[item],
                headers={"Link": f'<{API}/tickets/5/conversations?page=2&per_page=100>; rel="next"'},
            ),
            httpx.Response(200, json=[{**item, "id": 2}]),
        ]
    )
    respx.get(f"{API}/tickets/6/conversations").mock(return_value=httpx.Response(404))
    async with client() as fd:
        assert [c.id for c in await fd.conversations(5)] == [1, 2]
        with pytest.raises(TicketGone):
            await fd.conversations(6)


@respx.mock
async def test_post_note_is_private_html_and_returns_the_note() -> None:
    route = respx.post(f"{API}/tickets/5/notes").mock(
        return_value=httpx.Response(
            201, json={"id": 77, "body": "<p>x</p>", "private": True, "created_at": "2026-11-02T10:00:00Z"}
        )
    )
    async with client() as fd:
        assert (await fd.post_note(5, "<p>x</p>")).id == 77
    import json

    assert json.loads(route.calls[0].request.content) == {"body": "<p>x</p>", "private": True}


@respx.mock
async def test_notes_refused_or_on_archived_tickets_are_not_writable() -> None:
    respx.post(f"{API}/tickets/5/notes").mock(return_value=httpx.Response(404))
    respx.get(f"{API}/tickets/archived/5").mock(return_value=httpx.Response(200, json={"id": 5}))
    respx.post(f"{API}/tickets/6/notes").mock(return_value=httpx.Response(404))
    respx.get(f"{API}/tickets/archived/6").mock(return_value=httpx.Response(404))
    respx.post(f"{API}/tickets/7/notes").mock(
        return_value=httpx.Response(
            400,
            json={
                "description": "Validation failed",
                "errors": [{"field": "body", "message": "It should not be blank", "code": "missing_field"}],
            },
        )
    )
    async with client() as fd:
        with pytest.raises(NotWritable, match="archived"):
            await fd.post_note(5, "<p>x</p>")
        with pytest.raises(TicketGone):
            await fd.post_note(6, "<p>x</p>")
        with pytest.raises(NotWritable, match="body: It should not be blank \\(missing_field\\)"):
            await fd.post_note(7, "")


@respx.mock
async def test_a_note_whose_answer_was_lost_is_not_posted_twice() -> None:
    route = respx.post(f"{API}/tickets/5/notes").mock(side_effect=httpx.ReadTimeout("lost"))
    async with client() as fd:
        with pytest.raises(ResponseLost):
            await fd.post_note(5, "<p>x</p>")
    assert route.call_count == 1


@respx.mock
async def test_add_tags_keeps_the_tickets_other_tags() -> None:
    respx.get(f"{API}/tickets/5").mock(
        return_value=httpx.Response(200, json=ticket(5, "2026-11-02T10:00:00Z", tags=["vip", "billing"]))
    )
    put = respx.put(f"{API}/tickets/5").mock(return_value=httpx.Response(200, json={}))
    async with client() as fd:
        await fd.add_tags(5, ["qa_review", "vip"])
    import json

    assert json.loads(put.calls[0].request.content) == {"tags": ["vip", "billing", "qa_review"]}


@respx.mock
async def test_rate_limited_calls_wait_for_retry_after() -> None:
    sleeps = Sleeps()
    respx.get(f"{API}/agents/me").mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "9"}), httpx.Response(200, json={"id": 1})]
    )
    async with client(sleeps=sleeps) as fd:
        await fd.me()
    assert 9.0 in sleeps.calls


@respx.mock
async def test_bad_key_stops_the_run_naming_the_variable() -> None:
    respx.get(f"{API}/agents/me").mock(
        return_value=httpx.Response(
            401,
            json={
                "code": "invalid_credentials",
                "message": "You have to be logged in to perform this action.",
            },
        )
    )
    async with client() as fd:
        with pytest.raises(AuthError, match="FRESHDESK_API_KEY") as error:
            await fd.me()
    assert KEY not in str(error.value)
