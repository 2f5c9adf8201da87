"""`make report-check`: the HTML report, made from a generated ledger, rendered to PNG by a real
headless Chromium; fails on any console message, on anything the page would fetch, or on an
empty render. Without Chromium it says so and passes, so CI on a machine without a browser
stays green and honest.

`python -m tests.browser.check_report [--screenshot docs/report.png]`
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.ledger import make_ledger

CONFIG = """state_path = "state.db"
[[accounts]]
name = "acme"
kind = "zendesk"
subdomain = "acme"
[accounts.auth]
method = "api_token"
email = "qa@example.com"
token_env = "ZENDESK_TOKEN"
"""
# Anything a page could fetch: the report must need no network.
_FETCHES = re.compile(r"<script|<link|<iframe|<img|\bsrc\s*=|@import|url\((?!#)", re.I)


def browser() -> str | None:
    return next(
        (
            found
            for name in ("chromium", "chromium-browser", "google-chrome")
            if (found := shutil.which(name))
        ),
        None,
    )


def make_report(folder: Path) -> Path:
    make_ledger(folder / "state.db", 2000)
    (folder / "ticketqa.toml").write_text(CONFIG)
    out = folder / "report.html"
    subprocess.run(
        [sys.executable, "-m", "connector.cli", "report", "--config", str(folder / "ticketqa.toml"),
         "--since", "120d", "--title", "Example team, generated data", "--out", str(out)],
        check=True,
    )  # fmt: skip
    return out


def render(chrome: str, page: Path, png: Path) -> list[str]:
    """Console lines and load failures Chromium reported while rendering `page` to `png`."""
    result = subprocess.run(
        [chrome, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--enable-logging=stderr", "--v=0", "--host-resolver-rules=MAP * ~NOTFOUND",
         f"--screenshot={png}", "--window-size=1100,2400", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line or "net::ERR_" in line]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--screenshot", help="also keep the PNG here (the README's picture)")
    args = parser.parse_args()
    chrome = browser()
    with tempfile.TemporaryDirectory() as temp:
        page = make_report(Path(temp))
        html = page.read_text()
        problems = [f"the page would fetch: {m.group(0)!r}" for m in _FETCHES.finditer(html)]
        if chrome is None:
            print("report-check: no Chromium on this machine (apt-get install chromium): render skipped;"
                  f" static checks {'failed' if problems else 'passed'}")  # fmt: skip
            return 1 if problems else 0
        png = Path(temp) / "report.png"
        problems += render(chrome, page, png)
        if not png.exists() or png.stat().st_size < 20_000:
            problems.append("Chromium rendered nothing (no PNG, or an almost empty one)")
        for problem in problems:
            print(f"report-check: {problem}")
        if args.screenshot and not problems:
            shutil.copy(png, args.screenshot)
        print(f"report-check: {'FAILED' if problems else 'ok'}: {len(html):,} bytes of HTML, {chrome}")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
