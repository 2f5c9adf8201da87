"""`make bench`: every benchmark of issue 6, one table. Figures are medians where repeated;
compare them as ratios within one run. Options shrink or grow each part (see --help)."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import tempfile
from pathlib import Path
from typing import Any

from bench import calibrate, devset, hostile, ledger, scoring
from bench.api import calls_per_ticket, rate_use
from bench.latency import EXPORT_LAG, loop_latency
from bench.memory import backfill_memory

NOTE_ONLY: dict[str, Any] = {"write_back": {"marker_tag": None, "band_tags": {}}}


def _row(rows: list[tuple[str, str, str, str]], what: str, figure: str, bar: str, met: bool | None) -> None:
    rows.append((what, figure, bar, "—" if met is None else ("met" if met else "MISSED")))


def _calls(rows: list[tuple[str, str, str, str]], folder: Path, backlog: int, batch: int) -> None:
    for vendor, settings, label in (
        ("zendesk", None, "Zendesk, default write-back (note, tags in one update)"),
        ("freshdesk", NOTE_ONLY, "Freshdesk, note only"),
        ("freshdesk", None, "Freshdesk, note + tags (no add-tags call: +1 read, +1 PUT)"),
    ):
        calls = asyncio.run(calls_per_ticket(vendor, folder, backlog=backlog, batch=batch, settings=settings))
        credits = (
            f", {calls.backfill_credits:.2f}/{calls.steady_credits:.2f} credits"
            if vendor == "freshdesk"
            else ""
        )
        bar_ok = calls.backfill <= 2.05 and calls.steady <= 2.05 if settings or vendor == "zendesk" else None
        _row(
            rows,
            f"API calls per scored ticket: {label} (backfill/steady)",
            f"{calls.backfill:.3f} / {calls.steady:.3f}{credits}",
            "≤ 2.05" if bar_ok is not None else "floor 4.0",
            bar_ok,
        )
        _row(
            rows,
            f"quiet poll: {label.split(',')[0]}",
            f"{calls.quiet_requests} request(s), {calls.quiet_cpu_ms:.0f} ms CPU",
            "1 list request",
            calls.quiet_requests == 1,
        )


RATE_RUNS = (  # vendor, limit a minute, tickets, settings; a minute lasts 60/TIME_SCALE s
    ("freshdesk", 600, 800, NOTE_ONLY),
    ("zendesk", 400, 300, None),
)
TIME_SCALE = 10


def _rates(rows: list[tuple[str, str, str, str]], folder: Path) -> None:
    for vendor, limit, count, settings in RATE_RUNS:
        runs = [
            asyncio.run(
                rate_use(
                    vendor,
                    folder,
                    limit=limit,
                    share=0.5,
                    time_scale=TIME_SCALE,
                    count=count,
                    settings=settings,
                )
            )
            for _ in range(3)
        ]
        use = sorted(runs, key=lambda r: r.share_of_bound)[1]  # the median run
        unit = "credits" if vendor == "freshdesk" else "requests"
        _row(
            rows,
            f"rate limit {limit} {unit}/min, share 0.5 ({vendor}): scored/min vs bound ({use.binding})",
            f"{use.scored_per_minute:.0f} of {use.bound_per_minute:.0f} ({use.share_of_bound:.0%})",
            "≥ 90%",
            use.share_of_bound >= 0.9,
        )
        limited = max(r.limited_share for r in runs)
        peak = max(r.peak_share_of_limit for r in runs)
        updates = max(r.peak_share_of_updates or 0.0 for r in runs)
        _row(
            rows,
            "… 429 answers / busiest minute's share of the limit (worst of 3)"
            + (" / of the update limit" if vendor == "zendesk" else ""),
            f"{limited:.2%} / {peak:.0%}" + (f" / {updates:.0%}" if vendor == "zendesk" else ""),
            "< 1% / ≤ 50%" + (" / ≤ 50%" if vendor == "zendesk" else ""),
            limited < 0.01 and max(peak, updates) <= 0.5 + 1e-9,
        )


def _latency(rows: list[tuple[str, str, str, str]], folder: Path, vendor: str, interval: float) -> None:
    latency = loop_latency(folder, interval=interval, count=20, spread=20, vendor=vendor)
    lag = EXPORT_LAG[vendor]
    _row(
        rows,
        f"latency solved→note, --loop every {interval:g}s ({vendor}"
        + (f", its export holds back the last {lag:g} s)" if lag else ")"),
        f"p50 {latency.p50:.1f}s, p95 {latency.p95:.1f}s ({latency.noted}/{latency.solved})",
        f"p95 ≤ {interval + 10 + lag:g}s",
        latency.p95 <= interval + 10 + lag and latency.noted == latency.solved,
    )


def _offline(rows: list[tuple[str, str, str, str]]) -> None:
    """The commands that need no helpdesk: score on real and on hostile input, calibrate."""
    real = devset.measure()
    if real is None:
        _row(
            rows,
            "ticketqa score, dev set (real conversations), whole process",
            "skipped: no dev set",
            "",
            None,
        )
    else:
        _row(
            rows,
            f"ticketqa score, dev set ({real['messages']:,.0f} real messages), whole process",
            f"{real['per_cpu_second']:,.0f} messages per CPU s ({real['cpu_seconds']:.2f} s)",
            "≥ 10,000/CPU s",
            real["per_cpu_second"] >= 10_000,
        )
    bad = hostile.measure()
    _row(
        rows,
        "ticketqa score, 10,000 hostile lines (every line answered, no traceback)",
        f"{bad['answered']:,.0f}/{bad['lines']:,.0f} answered, {bad['seconds']:.1f} s, "
        f"peak {bad['peak_mb']:.0f} MB",
        "all answered, 0 tracebacks",
        bad["answered"] == bad["lines"] and bad["tracebacks"] == 0,
    )
    seconds = calibrate.measure(2000)
    _row(
        rows,
        "ticketqa calibrate --fit, 2,000 tickets × 2 reviewers (own process)",
        f"{seconds:.1f} s",
        "< 10 s",
        seconds < 10,
    )
    report = ledger.measure(100_000)
    _row(
        rows,
        "ticketqa report, HTML with charts, 100,000 ledger rows (own process)",
        f"{report['seconds']:.1f} s, peak {report['peak_mb']:.0f} MB",
        "< 5 s",
        report["seconds"] < 5,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--backlog", type=int, default=600, help="tickets in the calls-per-ticket backfill")
    parser.add_argument("--batch", type=int, default=200, help="new tickets per steady-state poll")
    parser.add_argument("--memory", default="1000,4000", help="backfill sizes for peak RSS, e.g. 2000,100000")
    parser.add_argument("--interval", type=float, default=10.0, help="--loop interval for the latency run")
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str]] = []
    figures = scoring.measure(tickets=2000, repeats=5)
    _row(
        rows,
        "scoring, one core: examples + 2,000 generated (2–30 messages)",
        f"{figures['mix']:,.0f} tickets/s",
        "≥ 1,000/s",
        figures["mix"] >= 1000,
    )
    _offline(rows)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        _calls(rows, folder, args.backlog, args.batch)
        _rates(rows, folder)
        peaks = [(backfill_memory(folder, int(n)), "") for n in args.memory.split(",")]
        peaks.append((backfill_memory(folder, 1000, mixed=True), ", one in five in es/fr/de"))
        for peak, mix in peaks:
            _row(
                rows,
                f"peak RSS, backfill of {peak.tickets:,} tickets (Freshdesk, own process{mix})",
                f"{peak.peak_rss_mb:.0f} MB ({peak.scored_per_second:.0f} scored/s)",
                "< 150 MB",
                peak.peak_rss_mb < 150,
            )
        for vendor in ("freshdesk", "zendesk"):
            _latency(rows, folder, vendor, args.interval)
    _print(rows)


def _print(rows: list[tuple[str, str, str, str]]) -> None:
    head = ("measure", "figure", "bar", "")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    for row in [head, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")


if __name__ == "__main__":
    main()
