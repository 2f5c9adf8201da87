"""The machine-readable marker in every note's footer.

It lets the connector recognise its own notes on a ticket (even with its state database gone)
and tells which rubric and which conversation version a note was written for. It is plain
visible text because helpdesks strip HTML comments and unknown attributes from comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKER = re.compile(
    r"\[ticketqa:(?P<rubric>[A-Za-z0-9_.-]+)@(?P<version>\d+):(?P<fingerprint>[0-9a-f]{8,64})\]"
)


@dataclass(frozen=True)
class Marker:
    rubric: str
    version: int
    fingerprint: str

    def __str__(self) -> str:
        return f"[ticketqa:{self.rubric}@{self.version}:{self.fingerprint}]"


def find_marker(text: str) -> Marker | None:
    """The last marker in text (a note quoting an older note keeps its own at the end)."""
    matches = list(_MARKER.finditer(text))
    if not matches:
        return None
    last = matches[-1]
    return Marker(last["rubric"], int(last["version"]), last["fingerprint"])


def has_marker(text: str) -> bool:
    return _MARKER.search(text) is not None
