"""Logs for jobs: key=value text or JSON lines, with every configured secret scrubbed."""

import io
import json
import logging
from collections.abc import Iterator

import pytest

from connector.logs import REDACTED, configure, fields

SECRET = "sk-live-0123456789"


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """configure() takes over the `ticketqa` logger; give it back for the other tests' caplog."""
    yield
    root = logging.getLogger("ticketqa")
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.propagate, root.level = True, logging.NOTSET


def _emit(log_format: str) -> str:
    stream = io.StringIO()
    configure(log_format, secrets=[SECRET, "x"], stream=stream)
    log = logging.getLogger("ticketqa.test")
    log.info("ticket posted", extra=fields(account="fd", ticket="42", score=81.5))
    log.warning("ticket failed", extra=fields(account="fd", ticket="43", reason=f"401 for key {SECRET}"))
    log.debug("ticket unchanged", extra=fields(account="fd", ticket="44"))
    return stream.getvalue()


def test_json_lines_carry_the_event_and_its_fields() -> None:
    events = [json.loads(line) for line in _emit("json").splitlines()]
    assert [e["event"] for e in events] == ["ticket posted", "ticket failed"]  # debug is off by default
    assert events[0]["account"] == "fd" and events[0]["ticket"] == "42" and events[0]["score"] == 81.5
    assert events[0]["level"] == "info" and events[0]["time"].endswith("Z")


def test_text_lines_are_key_values_quoted_where_needed() -> None:
    first, second = _emit("text").splitlines()
    assert first.endswith("ticket posted account=fd ticket=42 score=81.5")
    assert f'reason="401 for key {REDACTED}"' in second


def test_secrets_are_scrubbed_from_messages_and_fields_but_short_values_are_left() -> None:
    for log_format in ("text", "json"):
        text = _emit(log_format)
        assert SECRET not in text and REDACTED in text
        assert "ticket" in text  # the one-letter "secret" did not blank every x


def test_a_secret_in_the_message_itself_is_scrubbed() -> None:
    stream = io.StringIO()
    configure("text", secrets=[SECRET], stream=stream)
    logging.getLogger("ticketqa.test").error("token %s refused", SECRET)
    assert SECRET not in stream.getvalue() and f"token {REDACTED} refused" in stream.getvalue()
