"""`ticketqa score` on 10,000 hostile lines (deep nesting, huge numbers, lone surrogates, bad
JSON, script ids, direction overrides, megabyte bodies, empty tickets, good tickets): the whole
process's wall time, peak memory, and that every line got one result or one error.

Run alone: `python -m bench.hostile`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOOD = {
    "id": "1",
    "messages": [
        {"author_role": "customer", "body": "My order 58213 arrived broken, can you replace it?"},
        {"author_role": "agent", "body": "Hi, I'm sorry! I've sent a replacement today; it arrives Friday."},
    ],
}


def _lines(count: int) -> list[str]:
    kinds = [
        lambda i: json.dumps({**GOOD, "id": str(i)}),
        lambda i: "[" * 1000 + "]" * 1000,
        lambda i: '{"id": ' + "9" * 5000 + "}",
        lambda i: json.dumps({**GOOD, "id": f"{i}\udfff"}),
        lambda i: "{not json " + str(i),
        lambda i: json.dumps({**GOOD, "id": f"<script>{i}</script>\u202e"}),
        lambda i: json.dumps({"id": str(i), "messages": []}),
        lambda i: json.dumps(
            {**GOOD, "id": str(i), "messages": [{**GOOD["messages"][0], "body": "x " * 50_000}]}
        ),
    ]
    lines = [kinds[i % len(kinds)](i) for i in range(count - 2)]
    huge = {
        **GOOD,
        "id": "huge",
        "messages": [GOOD["messages"][0], {**GOOD["messages"][1], "body": "word " * 1_000_000}],
    }
    return ["\ufeff" + lines[0], *lines[1:], json.dumps(huge), ""]


CHILD = """
import sys
from connector.cli import main
code = main(["score", sys.argv[1], "--format", "json"])
sys.stderr.write(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")))
sys.exit(code)
"""


def measure(count: int = 10_000) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "hostile.jsonl"
        lines = _lines(count)
        path.write_text("\n".join(lines), encoding="utf-8")
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=False
        )
        seconds = time.perf_counter() - started
    # VmHWM of the child's own memory: ru_maxrss of a forked child would count this process too.
    peak_mb = int(run.stderr.rpartition("VmHWM:")[2].split()[0]) / 1024
    answered = len(run.stdout.splitlines())
    expected = sum(1 for line in lines if line.strip())
    return {
        "lines": expected,
        "answered": answered,
        "exit": run.returncode,
        "seconds": seconds,
        "peak_mb": peak_mb,
        "tracebacks": run.stderr.count("Traceback"),
    }


if __name__ == "__main__":
    f = measure()
    print(
        f"score, {f['lines']:,.0f} hostile lines: {f['answered']:,.0f} answered, exit {f['exit']:.0f}, "
        f"{f['seconds']:.1f} s, peak {f['peak_mb']:.0f} MB, {f['tracebacks']:.0f} tracebacks"
    )
