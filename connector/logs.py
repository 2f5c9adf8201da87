"""Logging for jobs and terminals: `key=value` text by default, JSON lines on request
(`--log-format json`), and every configured secret scrubbed from whatever is written.

Events carry their data as fields (`log.info("posted", extra={"fields": {...}})`), so a JSON
line is easy to query: {"time", "level", "logger", "event", ...fields}. By default nothing from
a ticket's text is logged: ids, counts, outcomes and reasons only.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

FORMATS = ("text", "json")
REDACTED = "[redacted]"


def fields(**values: Any) -> dict[str, Any]:
    """`extra=` for a log call whose data should land as fields of the event."""
    return {"fields": values}


class Scrub(logging.Filter):
    """Replaces secret values wherever they would appear: the message and its fields."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 4]  # a 1-character "secret" would blank everything

    def clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            record.msg, record.args = self.clean(record.getMessage()), None
            extra = getattr(record, "fields", None)
            if extra:
                record.fields = {k: self.clean(v) if isinstance(v, str) else v for k, v in extra.items()}
        return True


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        return json.dumps(event, default=str, ensure_ascii=False)


class KeyValues(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        extra = " ".join(f"{k}={_quoted(v)}" for k, v in getattr(record, "fields", {}).items())
        return f"{stamp} {record.levelname.lower():7} {record.getMessage()}" + (f" {extra}" if extra else "")


def _quoted(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    return json.dumps(text) if any(c in text for c in ' "=') else text


class _LiveLine:
    """The progress line a terminal shows, if any: whatever else is written to the terminal
    first clears it, so a log line never runs on from the end of the progress text."""

    stream: TextIO | None = None

    def clear(self) -> None:
        if self.stream is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


LIVE = _LiveLine()


class _Handler(logging.StreamHandler):  # type: ignore[type-arg]
    def emit(self, record: logging.LogRecord) -> None:
        LIVE.clear()
        super().emit(record)


def configure(
    log_format: str = "text",
    *,
    level: str = "INFO",
    secrets: list[str] | None = None,
    stream: TextIO | None = None,
) -> logging.Handler:
    """Send the `ticketqa` loggers to `stream` (standard error) in the chosen format."""
    handler = _Handler(stream or sys.stderr)
    handler.setFormatter(JsonLines() if log_format == "json" else KeyValues())
    handler.addFilter(Scrub(secrets or []))
    root = logging.getLogger("ticketqa")
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    root.propagate = False
    return handler
