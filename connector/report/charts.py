"""Charts as inline SVG, drawn by matplotlib: the optional `report` extra
(`pip install 'ticketqa[report]'`). Without it the report has its tables and says so.

SVG text stays text (searchable, crisp in print) and ids are salted with a constant, so the
same figures give the same file.
"""

from __future__ import annotations

import io
from typing import Any

MISSING = "Charts need matplotlib: pip install 'ticketqa[report]'. The tables below hold the same figures."


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("svg")
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "ticketqa",
            "font.family": "sans-serif",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    import matplotlib.pyplot as plt

    return plt


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _pyplot().close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # inline: no XML prolog or doctype


def distribution(bins: list[dict[str, Any]]) -> str:
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(6.4, 2.4))
    labels = [f"{b['from']}–{b['to']}" for b in bins]
    axes.bar(labels, [b["tickets"] for b in bins], color="#4c72b0")
    axes.set_ylabel("tickets")
    axes.set_xlabel("score")
    return _svg(figure)


def weekly(rows: list[dict[str, Any]], criteria: list[dict[str, Any]]) -> str:
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7.2, 3.0))
    weeks = [row["week"] for row in rows]
    axes.plot(weeks, [row["mean"] for row in rows], color="black", linewidth=2.2, label="overall", marker="o")
    for criterion in criteria:
        values = [row["criteria"].get(criterion["id"]) for row in rows]
        axes.plot(weeks, [float("nan") if v is None else v for v in values], linewidth=1.2,
                  label=criterion["title"])  # fmt: skip
    axes.set_ylim(0, 100)
    axes.set_ylabel("mean score")
    axes.tick_params(axis="x", labelrotation=45)
    step = max(1, len(weeks) // 12)
    axes.set_xticks(range(0, len(weeks), step), [weeks[i] for i in range(0, len(weeks), step)])
    axes.legend(fontsize=7, ncol=3, frameon=False, loc="lower left")
    return _svg(figure)
