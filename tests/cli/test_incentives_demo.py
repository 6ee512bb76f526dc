"""`taizhang incentives run` on the demo district: the program registered in the database, the
bills stored there (no file), the pool's use printed and the payment workbook written — the
same awards, to the fen, as the run the demo published."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from taizhang.cli.main import cli
from taizhang.incentives.models import IncentiveAccount, IncentiveRun, RunAccount

pytestmark = pytest.mark.usefixtures("demo")

PROGRAM = "南湖-节能券-2025"


def published_awards(database_url: str) -> dict[str, Decimal]:
    engine = create_engine(database_url)
    with Session(engine) as session:
        run_id = session.scalar(select(IncentiveRun.id).order_by(IncentiveRun.id.desc()))
        rows = session.execute(
            select(IncentiveAccount.number, RunAccount.award)
            .join(RunAccount, RunAccount.account_id == IncentiveAccount.id)
            .where(RunAccount.run_id == run_id, RunAccount.award > 0)
        ).all()
    engine.dispose()
    return {number: award for number, award in rows}


def test_the_demo_program_runs_on_the_stored_bills(database_url: str, tmp_path: Path) -> None:
    out = tmp_path / "兑付清单.xlsx"
    args = ["--database", database_url, "--today", "2026-05-20", "incentives", "run", PROGRAM]
    result = CliRunner().invoke(cli, [*args, "--period", "2025-Q3", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "资金池（元）：500,000.00" in result.output
    assert "兑付合计（元）：500,000.00" in result.output
    assert "按比例系数" in result.output  # claims exceed the pool
    paid = {
        str(row[1]): Decimal(str(row[6]))
        for row in load_workbook(out)["兑付清单"].iter_rows(min_row=3, values_only=True)
        if row[0] is not None
    }
    assert sum(paid.values()) == Decimal("500000.00")
    assert paid == published_awards(database_url)


def test_an_unknown_program_names_the_shipped_ones(database_url: str) -> None:
    args = ["--database", database_url, "incentives", "run", "南湖-节能券-2019"]
    result = CliRunner().invoke(cli, [*args, "--period", "2025-07"])
    assert result.exit_code != 0
    assert "找不到激励项目 南湖-节能券-2019" in result.output and "huangyan-2025" in result.output
