"""Race fixtures: the shipped points rules, read once a session and shared (a RuleSet is frozen
all the way down, so no test can change it for the next)."""

from __future__ import annotations

import pytest

from taizhang.race.engine.rules import RuleSet
from taizhang.race.standings import shipped_rules


@pytest.fixture(scope="session")
def shipped_2026() -> RuleSet:
    """taizhang/race/rules/2026.toml, read the way the app and the CLI read it."""
    return shipped_rules(2026)
