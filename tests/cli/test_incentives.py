"""`taizhang incentives run`: the pool's use printed, the payment workbook written and read back."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import load_workbook

from taizhang.cli.main import cli
from tests.incentives.factories import invented_bills

HEADERS = ["户号", "户名", "用户类别", "所属镇街", "电费年月", "用电量", "电费", "电表编号"]


def bills_csv(tmp_path: Path) -> Path:
    path = tmp_path / "bills.csv"
    rows = [
        [b.account, b.holder, b.kind.value, b.town, f"{b.month:%Y-%m}", f"{b.kwh}", f"{b.yuan}",
         b.meter]
        for b in invented_bills(11, 200)
    ]  # fmt: skip
    rows += [["3309999", "王五", "居民", "城关", "2024-07", "600", "320"],
             ["3309999", "王五", "居民", "城关", "2025-07", "540", "285"]]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADERS, *rows])
    return path


def run(tmp_path: Path, *args: str, database: str | None = None) -> Result:
    url = database or f"sqlite:///{tmp_path / 'x.db'}"
    base = ["--database", url, "incentives", "run", "huangyan-2025"]
    bills = ["--bills", str(bills_csv(tmp_path)), "--issued", "2025-08-10"]
    return CliRunner().invoke(cli, [*base, *bills, *args])


def test_it_prints_the_pools_use_and_writes_the_payment_workbook(tmp_path: Path) -> None:
    out = tmp_path / "pay.xlsx"
    result = run(tmp_path, "--period", "2025-07", "--output", str(out), "--pool-left", "1000")
    assert result.exit_code == 0, result.output
    assert "资金池（元）：1,000.00" in result.output
    assert "兑付合计（元）：1,000.00" in result.output
    assert "按比例系数" in result.output and "舍去部分从大到小逐户补 1 分" in result.output
    book = load_workbook(out)
    assert book.sheetnames == ["兑付清单", "逐月明细", "资金池"]
    paid = list(book["兑付清单"].iter_rows(min_row=3, values_only=True))
    assert paid[0][0] == 1 and paid[0][1].startswith("33")
    assert sum(Decimal(str(row[6])) for row in paid) == Decimal(1000)
    assert all(Decimal(str(row[6])) <= Decimal(str(row[5])) for row in paid)
    assert str(paid[0][7]).startswith("2025-11-07")
    details = list(book["逐月明细"].iter_rows(min_row=2, values_only=True))
    assert details[0][:3] == ("户号", "户名", "月份")
    wang = next(row for row in details if row[0] == "3309999")
    assert (wang[4], wang[6], wang[7], wang[8]) == (320, 285, 35, "达标")


def test_json_explains_every_account(tmp_path: Path) -> None:
    result = run(tmp_path, "--period", "2025-07", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["months"] == ["2025-07"] and document["pool"] == "3000000.00"
    wang = next(a for a in document["accounts"] if a["account"] == "3309999")
    assert (wang["claim"], wang["award"]) == ("35.00", "35.00")
    assert wang["months"][0]["last_yuan"] == "320.00"
    assert "降幅 10.94%" in wang["months"][0]["detail"]
    assert document["gaps"]  # the invented bills miss a few months


def test_a_rerun_gives_the_same_result(tmp_path: Path) -> None:
    first = run(tmp_path, "--period", "2025-Q3", "--format", "json").output
    assert first == run(tmp_path, "--period", "2025-Q3", "--format", "json").output


def test_it_refuses_a_period_outside_the_programs_months(tmp_path: Path) -> None:
    result = run(tmp_path, "--period", "2025-05")
    assert result.exit_code == 1
    assert "期间 2025-05 不含项目的月份（2025-07、2025-08、2025-09）" in result.output


def test_issue_records_the_vouchers_once(tmp_path: Path, database_url: str) -> None:
    args = ("--period", "2025-07", "--output", str(tmp_path / "p.xlsx"), "--pool-left", "500")
    first = run(tmp_path, *args, "--issue", database=database_url)
    assert first.exit_code == 0, first.output
    assert "已发放消费券" in first.output and "合计 500.00 元" in first.output
    again = run(tmp_path, *args, "--issue", database=database_url)
    assert again.exit_code == 1 and "已发放，同一次计算不能重复发放" in again.output


RESPONSES = [
    ["户号", "企业名称", "响应日期", "响应事件", "响应类型", "基线负荷（千瓦）", "实际负荷（千瓦）",
     "响应时长（小时）", "出清价格（元/千瓦时）"],
    ["9001", "甲公司", "2025-07-22", "14:00-16:00", "日前削峰", "2000", "1400", "2", "3"],
    ["9002", "乙公司", "2025-07-22", "14:00-16:00", "日前削峰", "3124400", "0", "2", "3"],
    ["9001", "甲公司", "2025-08-05", "移峰", "移峰填谷", "2000", "1400", "2", ""],
]  # fmt: skip


def test_a_demand_response_run_pays_domains_example(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(RESPONSES)
    out = tmp_path / "dr.xlsx"
    base = ["--database", f"sqlite:///{tmp_path / 'x.db'}", "incentives", "run"]
    args = ["zhejiang-dr-2025", "--period", "2025", "--responses", str(path), "--output", str(out)]
    result = CliRunner().invoke(cli, [*base, *args])
    assert result.exit_code == 0, result.output
    assert "地方补足核定（元）：6,250,000.00" in result.output
    assert "按比例系数：0.8000" in result.output
    rows = list(load_workbook(out)["兑付清单"].iter_rows(min_row=3, values_only=True))
    first, shifted = rows[0], rows[2]
    assert (first[5], first[6], first[7], first[8], first[10]) == (1200, 3600, 1200, 960, 4560)
    assert (shifted[5], shifted[9], shifted[10]) == (1200, 240, 240)
