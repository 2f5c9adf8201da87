from pathlib import Path

import pytest

from bench.ledger import make_ledger
from tests.browser.check_report import CONFIG


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config beside a generated ledger of 2,000 tickets with known patterns."""
    folder = tmp_path_factory.mktemp("report")
    make_ledger(folder / "state.db", 2000)
    (folder / "ticketqa.toml").write_text(CONFIG)
    return folder / "ticketqa.toml"
