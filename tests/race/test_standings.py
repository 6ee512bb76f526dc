"""A month of ledger events raced by hand: scores, ranks and their change, through the ledger."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session

from taizhang.cli.main import cli
from taizhang.kernel.errors import Invalid
from taizhang.kernel.money import Money
from taizhang.kernel.periods import parse_period
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import Stage
from taizhang.org.models import Unit
from taizhang.projects.commands import create_project, reach_stage
from taizhang.race.engine.rules import RuleSet, load_rules
from taizhang.race.standings import standings
from tests.conftest import District

SYSTEM = Source("system", label="测试")
NOW = datetime(2026, 6, 1, tzinfo=UTC)
RULES = """
version = "test.1"
valid_from = 2026-01-01
valid_to = 2026-12-31

[[bands]]
label = "1亿以下"
max_yi = 1

[[bands]]
label = "1亿以上"
min_yi = 1

[[stage_points]]
stage = "签约"
points = { "1亿以下" = 1, "1亿以上" = 4 }

[[stage_points]]
stage = "开工"
points = 3

[[bonuses]]
kind = "外资"
stages = ["签约"]
points = 2
"""


def _project(session: Session, unit: Unit, name: str, yi: str, *, foreign: bool = False) -> object:
    figures: dict[str, object] = {"investment": Money(Decimal(yi) * 100_000_000)}
    if foreign:
        figures["capital_origin"] = "外资"
    return create_project(
        session,
        name=name,
        unit=unit,
        stage=Stage.TALKS,
        stage_on=date(2026, 1, 5),
        figures=figures,
        source=SYSTEM,
        now=NOW,
    )


@pytest.fixture
def may(session: Session, district: District) -> None:
    """凤桥镇: a 3亿 foreign signing (4 + 2) and its start (3) in May → 9.
    建设街道: a 0.5亿 signing in May (1) and a 2亿 signing in April (4, not May) → 1.
    湘家荡区域: one start in May of a project signed in March (3) → 3."""
    a = _project(session, district.village, "外资精密部件项目", "3", foreign=True)
    reach_stage(session, a, Stage.SIGNED, on=date(2026, 5, 6), source=SYSTEM)  # type: ignore[arg-type]
    reach_stage(session, a, Stage.CONSTRUCTION, on=date(2026, 5, 28), source=SYSTEM)  # type: ignore[arg-type]
    b = _project(session, district.street, "社区商业项目", "0.5")
    reach_stage(session, b, Stage.SIGNED, on=date(2026, 5, 12), source=SYSTEM)  # type: ignore[arg-type]
    c = _project(session, district.street, "数字平台项目", "2")
    reach_stage(session, c, Stage.SIGNED, on=date(2026, 4, 20), source=SYSTEM)  # type: ignore[arg-type]
    d = _project(session, district.platform, "储能项目", "8")
    reach_stage(session, d, Stage.SIGNED, on=date(2026, 3, 2), source=SYSTEM)  # type: ignore[arg-type]
    reach_stage(session, d, Stage.CONSTRUCTION, on=date(2026, 5, 15), source=SYSTEM)  # type: ignore[arg-type]
    session.commit()


def test_a_month_of_events_scores_and_ranks_as_worked_out_by_hand(
    session: Session, may: None
) -> None:
    board = standings(session, period=parse_period("2026-05"), rules=load_rules(RULES))
    assert [(s.unit.name, s.score.total, s.ranked.rank) for s in board] == [
        ("凤桥镇", 9, 1),
        ("湘家荡区域", 3, 2),
        ("建设街道", 1, 3),
    ]
    # April: only 建设街道's 2亿 signing (4) → 建设街道 1st, the others tied 2nd.
    assert [(s.unit.name, s.ranked.previous_rank, s.ranked.change) for s in board] == [
        ("凤桥镇", 2, 1),
        ("湘家荡区域", 2, 0),
        ("建设街道", 1, -2),
    ]
    fengqiao = board[0].score
    assert sorted((p.rule, p.points) for p in fengqiao.parts) == [
        ("外资加分", 2),
        ("开工", 3),
        ("签约·1亿以上", 4),
    ]


def test_rules_that_do_not_cover_the_period_are_refused(session: Session, may: None) -> None:
    with pytest.raises(Invalid, match="有效期不覆盖"):
        standings(session, period=parse_period("2027-01"), rules=load_rules(RULES))


def test_the_shipped_rules_rank_the_year(
    session: Session, may: None, shipped_2026: RuleSet
) -> None:
    board = standings(session, period=parse_period("2026"), rules=shipped_2026)
    assert board[0].unit.name == "凤桥镇" and board[0].score.total > 0


def test_the_rank_command_prints_the_board_and_explains_a_unit(
    database_url: str, may: None, tmp_path: object
) -> None:
    from pathlib import Path

    rules = Path(str(tmp_path)) / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "--database",
            database_url,
            "rank",
            "--period",
            "2026-05",
            "--rules",
            str(rules),
            "--explain",
            "凤桥镇",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "2026年5月" in result.output and "凤桥镇" in result.output
    assert "外资加分" in result.output


def test_a_rules_file_with_a_typo_is_refused_naming_its_line(
    database_url: str, may: None, tmp_path: object
) -> None:
    from pathlib import Path

    rules = Path(str(tmp_path)) / "rules.toml"
    rules.write_text(RULES.replace("points = 3", "poitns = 3"), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--database", database_url, "rank", "--period", "2026-05", "--rules", str(rules)]
    )
    assert result.exit_code == 1
    assert "第 20 行" in result.output and "是否想写 points" in result.output
