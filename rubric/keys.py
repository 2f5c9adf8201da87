"""Pydantic errors described the way the user wrote the file: the key path with list items
named (`criteria[1] (listening).weight`), and a message that says what to do."""

from __future__ import annotations

from typing import Any


def describe(
    error: Any,
    data: dict[str, Any],
    *,
    label: str,
    unknown_hint: str,
    union_tags: tuple[str, ...] = (),
    union_field: str = "kind",
) -> str:
    """One line for one pydantic error. `label` names the field that identifies a list item
    (`id`, `name`); `union_tags` are discriminator values pydantic puts in the path."""
    parts: list[str] = []
    node: Any = data
    for loc in error["loc"]:
        if isinstance(loc, int):
            parts[-1] += f"[{loc}]"
            node = node[loc] if isinstance(node, list) and loc < len(node) else None
            if isinstance(node, dict) and isinstance(node.get(label), str):
                parts[-1] += f" ({node[label]})"
        elif loc in union_tags:
            continue  # pydantic names the union member; the user wrote the item, not the member
        else:
            parts.append(str(loc))
            node = node.get(loc) if isinstance(node, dict) else None
    key = ".".join(parts) or "(top level)"
    message = {
        "extra_forbidden": f"unknown key; {unknown_hint}",
        "missing": "required key is missing",
        "union_tag_invalid": f"{union_field} must be one of: {', '.join(union_tags)}"
        if union_tags
        else error["msg"],
    }.get(error["type"], error["msg"])
    return f"{key}: {message}"
