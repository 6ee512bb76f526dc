"""差别化政策: the tariff file (errors with their lines, its English), the C/D surcharge lists
keyed by 户号, class changes, 低效企业 and 低效用地 on the demo's stored 2025 run (last year's
classes from its stored 2024 run, or computed when a year has none)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.muju.policies import (
    NO_ACCOUNT,
    RULES_DIR,
    changes_workbook,
    class_changes,
    inefficient_firms,
    inefficient_land,
    inefficient_workbook,
    load_tariffs,
    shipped_tariffs,
    surcharge_rows,
    surcharge_workbook,
)
from taizhang.muju.queries import last_year_grades, town_standings
from taizhang.muju.runs import compute_run, require_run
from taizhang.muju.schemes import scheme_text

NOW = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)
SHIPPED = (RULES_DIR / "tariffs-2026.toml").read_text(encoding="utf-8")


def test_the_shipped_tariffs_give_c_and_d_their_surcharges() -> None:
    tariffs = shipped_tariffs(2025)
    assert tariffs.version == "本区-差别化-2026"
    c, d = tariffs.of("C"), tariffs.of("D")
    assert (
        c
        and d
        and (c.electricity_per_kwh, d.electricity_per_kwh)
        == (
            Decimal("0.1"),
            Decimal("0.15"),
        )
    )
    assert tariffs.of("A") and tariffs.of("A").water_per_m3 == 0  # type: ignore[union-attr]
    assert tariffs.inefficient_rule == "当年为 D 类，或当年和上一年度均为 C 类"
    assert (
        tariffs.inefficient_rule_in("en") == "class D this year, or class C this year and last year"
    )
    assert tariffs.title_in("en").startswith("Differentiated policies") and d.land_in("en")
    assert d.credit_in("zh") == d.credit and d.credit_in("en") != d.credit
    with pytest.raises(Invalid, match="没有适用于 2031 年"):
        shipped_tariffs(2030)


def test_a_tariff_file_with_errors_is_refused_with_every_line() -> None:
    broken = (
        SHIPPED.replace("electricity_per_kwh = 0.10", "electricity_per_kwh = -0.10")
        .replace("water_per_m3 = 1.20", 'water_per_m3 = "1.20"\nsurcharge = 1')
        .replace('repeated_grades = ["C"]', 'repeated_grades = ["E"]')
    )
    with pytest.raises(Invalid) as caught:
        load_tariffs(broken, source="t.toml")
    rows = {(e.row, e.column) for e in caught.value.errors}
    lines = broken.splitlines()
    assert len(rows) == 4
    for row, column in rows:
        assert row is not None and column in lines[row - 1]
    assert "差别化政策表 t.toml 有 4 处错误" in caught.value.message


def test_the_english_of_a_tariff_file_is_checked_at_its_line() -> None:
    broken = SHIPPED.replace('land_en = "Land as needed"', 'land_en = "按需保障用地"')
    with pytest.raises(Invalid) as caught:
        load_tariffs(broken, source="t.toml")
    (error,) = caught.value.errors
    assert error.column == "land_en" and "不含汉字" in error.reason
    assert broken.splitlines()[(error.row or 0) - 1] == 'land_en = "按需保障用地"'


@pytest.mark.usefixtures("demo")
def test_the_surcharge_lists_are_keyed_by_account(session: Session) -> None:
    run = require_run(session, 2025)
    tariffs = shipped_tariffs(2025)
    rows = surcharge_rows(run, tariffs, "electricity")
    cd = [r for r in run.results if r["grade"] in ("C", "D")]
    assert {r.enterprise for r in rows} == {r["name"] for r in cd}
    assert all(r.grade in ("C", "D") for r in rows)
    priced = [r for r in rows if r.consumption is not None]
    assert priced and all(r.amount == (r.consumption * r.rate).quantize(Decimal("0.01"))
                          for r in priced)  # fmt: skip
    book = load_workbook(BytesIO(surcharge_workbook(run, tariffs)))
    assert book.sheetnames == ["电价加价", "水价加价", "政策表"]
    sheet = book["电价加价"]
    assert [c.value for c in sheet[2]][:3] == ["户号", "企业名称", "统一社会信用代码"]
    first = [c.value for c in sheet[3]]
    assert first[0] == rows[0].account and first[4] in ("C", "D")
    assert sheet.max_row - 2 == len(rows)
    priced_row = next(r for r in sheet.iter_rows(min_row=3) if r[7].value is not None)
    assert priced_row[5].number_format == "#,##0.00"  # 0.10 元/千瓦时, as the tariff reads
    assert (
        priced_row[7].number_format.startswith("#,##0") and "E" not in priced_row[7].number_format
    )
    water = book["水价加价"]
    assert water.max_row - 2 == len(surcharge_rows(run, tariffs, "water"))
    accounts = [r[0] for r in sheet.iter_rows(min_row=3, values_only=True)]
    real = [a for a in accounts if a != NO_ACCOUNT]
    assert real == sorted(real)


@pytest.mark.usefixtures("demo")
def test_class_changes_and_the_inefficient_lists(session: Session) -> None:
    run = require_run(session, 2025)
    last = last_year_grades(session, run)
    assert last.note == "2024 年度评价第 1 版（本区-2025）" and last.grades
    changes = class_changes(run, last.grades)
    assert changes and all(c.last != c.this for c in changes)
    assert {c.direction for c in changes} <= {"上升", "下降", "新参评", "变化"}
    tariffs = shipped_tariffs(2025)
    firms = inefficient_firms(run, last.grades, tariffs)
    assert any(f.grade == "D" for f in firms)
    for firm in firms:
        assert firm.grade == "D" or (firm.grade == firm.last == "C")
    parcels = inefficient_land(session, run, firms)
    assert {p.enterprise for p in parcels} <= {f.name for f in firms}
    book = load_workbook(BytesIO(inefficient_workbook(run, tariffs, firms, parcels)))
    assert book["低效企业"].max_row - 2 == len(firms)
    assert load_workbook(BytesIO(changes_workbook(run, changes)))["等级变化"].max_row - 2 == len(
        changes
    )
    standings = town_standings(run)
    assert sum(s.evaluated for s in standings) == sum(
        1 for r in run.results if r["grade"] in "ABCD" and r["grade"]
    )


@pytest.mark.usefixtures("demo")
def test_last_year_without_a_run_is_computed_under_this_run_s_scheme(session: Session) -> None:
    run = compute_run(session, 2022, scheme_text(), actor=None, now=NOW)
    last = last_year_grades(session, run)
    assert last.note == "2021 年度未保存评价，按本次方案 本区-2026 试算" and last.grades
