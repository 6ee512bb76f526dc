"""`taizhang incentives run … --load FILE --events FILE`: demand response paid on the
enterprises' own load, and `taizhang incentives sample-load` writing a summer to try it on."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import load_workbook

from taizhang.cli.main import cli

QUARTERS = [f"{m // 60:02d}:{m % 60:02d}" for m in range(0, 24 * 60, 15)]  # 00:00 … 23:45
JULY = [date(2025, 7, 1) + timedelta(days=n) for n in range(31)]
EVENT, SHIFTED = date(2025, 7, 22), date(2025, 7, 29)


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def domain_load(tmp_path: Path, *, leave_out: tuple[date, ...] = ()) -> Path:
    """DOMAIN §5.2's example as the power company's day rows: 甲 at 2,000 kW, 1,400 kW from 14:00
    to 16:00 on 07-22, its peak down 1,200 kWh and valley up 1,500 on 07-29; 乙 claims the rest
    of the city's top-ups."""
    rows: list[list[object]] = [["户号", "用户名称", "日期", "峰段电量", "平段电量", "谷段电量",
                                 *QUARTERS]]  # fmt: skip
    for account, name, kw, during in (
        ("9001", "甲公司", 2000, 1400),
        ("9002", "乙公司", 3_124_400, 0),
    ):
        for day in JULY:
            if day in leave_out and account == "9001":
                continue
            bands = [8800, 3000, 6500] if day == SHIFTED else [10_000, 3000, 5000]
            loads = [during if day == EVENT and "14:00" <= q < "16:00" else kw for q in QUARTERS]
            given = bands if account == "9001" else ["", "", ""]
            rows.append([account, name, day.isoformat(), *given, *loads])
    return write_csv(tmp_path / "负荷.csv", rows)


def domain_events(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "事件.csv", [
        ["响应日期", "响应类型", "响应时段", "出清价格"],
        ["2025-07-22", "日前削峰", "14:00-16:00", "3"],
        ["2025-07-29", "移峰填谷", "全天", ""],
    ])  # fmt: skip


def run(database_url: str, *args: str) -> Result:
    """A run; the database holds the district's working-day calendar."""
    base = ["--database", database_url, "incentives", "run", "zhejiang-dr-2025"]
    return CliRunner().invoke(cli, [*base, *args])


def test_the_domain_example_is_paid_on_the_enterprises_load(
    tmp_path: Path, database_url: str
) -> None:
    out = tmp_path / "dr.xlsx"
    load, events = str(domain_load(tmp_path)), str(domain_events(tmp_path))
    result = run(database_url, "--period", "2025-07", "--load", load, "--events", events,
                 "--output", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "9001 甲公司 2025-07-22 14:00–16:00 日前削峰：1,200.00 千瓦时，4,560.00 元" in result.output
    )
    assert "9001 甲公司 2025-07-29 全天 移峰填谷：1,200.00 千瓦时，240.00 元" in result.output
    assert "地方补足核定（元）：6,250,000.00" in result.output
    assert "按比例系数：0.8000" in result.output
    rows = list(load_workbook(out)["兑付清单"].iter_rows(min_row=3, values_only=True))
    event = next(r for r in rows if r[1] == "9001" and r[4] == "日前削峰")
    assert (event[5], event[6], event[7], event[8], event[10]) == (1200, 3600, 1200, 960, 4560)
    assert str(event[11]).startswith(
        "基线日 2025-07-14、2025-07-15、2025-07-16、2025-07-17、2025-07-18"
    )
    shifted = next(r for r in rows if r[4] == "移峰填谷")
    assert (shifted[1], shifted[5], shifted[9], shifted[10]) == ("9001", 1200, 240, 240)
    assert "不含响应日 2025-07-22" in str(shifted[11])


def test_a_day_missing_from_the_load_is_named_and_nothing_is_paid(
    tmp_path: Path, database_url: str
) -> None:
    out = tmp_path / "dr.xlsx"
    load = str(domain_load(tmp_path, leave_out=(date(2025, 7, 15), date(2025, 7, 24))))
    result = run(database_url, "--period", "2025-07", "--load", load, "--events",
                 str(domain_events(tmp_path)), "--output", str(out))  # fmt: skip
    assert result.exit_code == 1
    assert (
        "户号 9001 缺 2025-07-15 的负荷曲线（2025-07-22 14:00–16:00 日前削峰的基线日）"
        in result.output
    )
    assert "户号 9001 缺 2025-07-24 的分时电量（2025-07-29 全天 移峰填谷的基线日）" in result.output
    assert not out.exists()


def test_load_without_events_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'unused.db'}"
    result = run(url, "--period", "2025-07", "--load", str(domain_load(tmp_path)))
    assert result.exit_code == 1
    assert "用 --load 与 --events 给出企业负荷和响应事件" in result.output


def test_the_sample_summer_runs_month_by_month(tmp_path: Path, database_url: str) -> None:
    load, events = tmp_path / "load.csv", tmp_path / "events.csv"
    written = CliRunner().invoke(cli, ["incentives", "sample-load", str(load), str(events)])
    assert written.exit_code == 0, written.output
    assert "已写入 8 家企业、975 行负荷" in written.output  # 122 days each, one day missing
    result = run(database_url, "--period", "2025-08", "--load", str(load), "--events", str(events),
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    kinds = {p["kind"] for p in document["payments"]}
    assert kinds == {"日前削峰", "实时响应", "移峰填谷"}
    invited = [p for p in document["payments"] if p["event"] == "2025-08-06 13:00–15:00"]
    assert len(invited) == 4  # the 08-06 call went to four enterprises only
    never = [p for p in document["payments"] if p["name"] == "余新冷链物流有限公司"]
    assert never and all(p["total"] == "0.00" for p in never)
    assert all(Decimal(p["total"]) > 0 for p in document["payments"] if p not in never)
    assert document["gaps"][0].startswith("户号 3399000002 缺 2025-09-21 的分时电量")
