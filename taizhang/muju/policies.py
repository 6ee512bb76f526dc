"""差别化政策: what each class means for a firm — electricity and water surcharges per kWh and
m³, land and credit measures — from a versioned tariff file (`muju/rules/tariffs-YYYY.toml`,
read with the kernel's `RuleReader`: every error with its line), and the lists that follow from a
year's run:

- the surcharge lists for the power and the water company, keyed by 户号: enterprise, credit code,
  class, rate, the evaluated year's consumption (last year's, when the list is used) and the
  estimated amount = consumption × rate;
- year-over-year class changes (this year's run against last year's);
- 低效企业: the file's `grades` this year (D), or its `repeated_grades` this year and last (C two
  years running);
- 低效用地: the land parcels 低效企业 held in the evaluated year, for 腾笼换鸟 follow-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.enterprises.models import LandParcel
from taizhang.kernel.errors import Invalid
from taizhang.kernel.numbers import format_number
from taizhang.kernel.rulefiles import (
    VERSION_KEYS,
    RuleKind,
    RuleReader,
    RuleTable,
    read_rule_file,
)
from taizhang.kernel.sheets import new_sheet, workbook_bytes, write_table
from taizhang.muju.models import MujuRun

TARIFFS = RuleKind("差别化政策表", "differentiated tariff table")
KEYS: dict[str, tuple[str, ...]] = {
    "": (*VERSION_KEYS, "title_en", "classes", "inefficient"),
    "classes": (
        "grade",
        "electricity_per_kwh",
        "water_per_m3",
        "land",
        "land_en",
        "credit",
        "credit_en",
    ),
    "inefficient": ("grades", "repeated_grades"),
}
RULES_DIR = Path(__file__).parent / "rules"
NO_ACCOUNT = "（未登记户号）"
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class ClassPolicy:
    grade: str
    electricity_per_kwh: Decimal  # 元/千瓦时
    water_per_m3: Decimal  # 元/立方米
    land: str
    credit: str
    land_en: str = ""  # the measures in English ("" when the file gives none)
    credit_en: str = ""

    def land_in(self, language: str) -> str:
        return self.land_en if language == "en" and self.land_en else self.land

    def credit_in(self, language: str) -> str:
        return self.credit_en if language == "en" and self.credit_en else self.credit


@dataclass(frozen=True)
class Tariffs:
    version: str
    title: str
    valid_from: date
    valid_to: date
    classes: tuple[ClassPolicy, ...]
    inefficient_grades: tuple[str, ...]
    repeated_grades: tuple[str, ...]
    source: str
    title_en: str = ""

    def of(self, grade: str) -> ClassPolicy | None:
        return next((c for c in self.classes if c.grade == grade), None)

    def title_in(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title

    @property
    def inefficient_rule(self) -> str:
        return self.inefficient_rule_in("zh")

    def inefficient_rule_in(self, language: str) -> str:
        if language == "en":
            now, twice = ", ".join(self.inefficient_grades) or "—", ", ".join(self.repeated_grades)
            rule = f"class {now} this year"
            return rule + (f", or class {twice} this year and last year" if twice else "")
        now, twice = "、".join(self.inefficient_grades) or "—", "、".join(self.repeated_grades)
        rule = f"当年为 {now} 类"
        return rule + (f"，或当年和上一年度均为 {twice} 类" if twice else "")


def load_tariffs(text: str, *, source: str = "tariffs.toml") -> Tariffs:
    """Parse and check a tariff file; `Invalid` listing every problem with its line."""
    return read_rule_file(text, kind=TARIFFS, source=source, keys=KEYS, reader=_Reader)


def shipped_tariffs(year: int) -> Tariffs:
    """The shipped tariff file in force the year after the evaluated `year`."""
    day = date(year + 1, 1, 1)
    for path in sorted(RULES_DIR.glob("tariffs-*.toml"), reverse=True):
        tariffs = load_tariffs(path.read_text(encoding="utf-8"), source=path.name)
        if tariffs.valid_from <= day <= tariffs.valid_to:
            return tariffs
    raise Invalid(
        f"没有适用于 {year + 1} 年的差别化政策表（{year} 年度评价结果）"
        f" (no tariff table in force in {year + 1})"
    )


class _Reader(RuleReader):
    def read(self, data: dict[str, Any]) -> Tariffs:
        top = self.top(data)
        header = self.version_header(top)
        classes: list[ClassPolicy] = []
        for table in self.tables(top, "classes"):
            policy = self.policy(table)
            if any(c.grade == policy.grade for c in classes):
                self.fail(table, "grade", f"等级 {policy.grade} 重复 (duplicate class)")
            classes.append(policy)
        if not classes:
            self.fail(top, "classes", "至少要有一个 [[classes]] 等级 (no classes)")
        inefficient = self.table(top, "inefficient")
        grades = self.strings(inefficient, "grades")
        repeated = self.strings(inefficient, "repeated_grades", required=False)
        known = {c.grade for c in classes}
        for key, names in (("grades", grades), ("repeated_grades", repeated)):
            for name in names:
                if known and name not in known:
                    self.fail(inefficient, key, f"等级 {name} 不在 [[classes]] 中 (unknown class)")
        return Tariffs(
            header.version, header.title, header.valid_from, header.valid_to, tuple(classes),
            tuple(grades), tuple(repeated), self.source, self.english(top, "title"),
        )  # fmt: skip

    def policy(self, table: RuleTable) -> ClassPolicy:
        return ClassPolicy(
            self.text(table, "grade"),
            self.number(table, "electricity_per_kwh", negative=False) or Decimal(0),
            self.number(table, "water_per_m3", negative=False) or Decimal(0),
            self.text(table, "land", required=False),
            self.text(table, "credit", required=False),
            self.english(table, "land"),
            self.english(table, "credit"),
        )


# ── the surcharge lists ──────────────────────────────────────────────────────


@dataclass(frozen=True)
class SurchargeRow:
    account: str  # 户号
    enterprise: str
    credit_code: str
    town: str
    grade: str
    rate: Decimal  # 元/千瓦时 or 元/立方米
    consumption: Decimal | None  # the evaluated year's, kWh or m³ (None: not reported)
    amount: Decimal | None  # estimated 元
    note: str = ""


UTILITY_FIELDS = {
    "electricity": ("electricity_accounts", "electricity_kwh", "electricity_per_kwh"),
    "water": ("water_accounts", "water_t", "water_per_m3"),
}


def surcharge_rows(run: MujuRun, tariffs: Tariffs, utility: str) -> list[SurchargeRow]:
    """Every 户号 of a firm whose class carries a surcharge of that utility, by 户号. A firm
    with several 户号 has its consumption (the ledger holds it per firm) and amount on its first
    row; a firm with none is listed under “未登记户号”, so none is lost."""
    accounts_key, use_key, rate_key = UTILITY_FIELDS[utility]
    rows: list[SurchargeRow] = []
    for result in run.results:
        policy = tariffs.of(result["grade"])
        rate = getattr(policy, rate_key) if policy else Decimal(0)
        if not rate:
            continue
        rate = rate.quantize(CENTS) if rate == rate.quantize(CENTS) else rate  # 0.1 → 0.10
        use = Decimal(result[use_key]) if result.get(use_key) is not None else None
        amount = (use * rate).quantize(CENTS) if use is not None else None
        accounts = result[accounts_key] or [NO_ACCOUNT]
        for index, account in enumerate(accounts):
            note = f"企业共 {len(accounts)} 个户号，用量为企业合计" if len(accounts) > 1 else ""
            if use is None:
                note = "台账无用量数据"
            rows.append(
                SurchargeRow(
                    account, result["name"], result["credit_code"] or "", result["town"],
                    result["grade"], rate, use if index == 0 else None,
                    amount if index == 0 else None, note,
                )
            )  # fmt: skip
    return sorted(rows, key=lambda r: (r.account == NO_ACCOUNT, r.account, r.enterprise))


def surcharge_workbook(run: MujuRun, tariffs: Tariffs) -> bytes:
    """The C/D surcharge lists: one sheet for the power company, one for the water company, and
    the tariff table they were priced by."""
    workbook = Workbook()
    for utility, title, unit, rate_unit in (
        ("electricity", "电价加价", "用电量（千瓦时）", "加价（元/千瓦时）"),
        ("water", "水价加价", "用水量（立方米）", "加价（元/立方米）"),
    ):
        rows = surcharge_rows(run, tariffs, utility)
        write_table(
            new_sheet(workbook, title),
            caption=f"{run.year} 年度亩均评价差别化{title}清单（{tariffs.version}，"
            f"评价第 {run.revision} 版），按户号",
            headers=[
                "户号",
                "企业名称",
                "统一社会信用代码",
                "镇街",
                "等级",
                rate_unit,
                f"上年{unit}",
                "预计加价金额（元）",
                "备注",
            ],
            rows=(
                [
                    r.account,
                    r.enterprise,
                    r.credit_code,
                    r.town,
                    r.grade,
                    r.rate,
                    r.consumption,
                    r.amount,
                    r.note,
                ]
                for r in rows
            ),
            widths=[16, 32, 22, 12, 6, 16, 18, 18, 30],
        )
    write_table(
        new_sheet(workbook, "政策表"),
        caption=f"{tariffs.title or tariffs.version}（{tariffs.version}）",
        headers=["等级", "电价加价（元/千瓦时）", "水价加价（元/立方米）", "用地", "信贷"],
        rows=(
            [c.grade, c.electricity_per_kwh, c.water_per_m3, c.land, c.credit]
            for c in tariffs.classes
        ),
        widths=[8, 20, 20, 40, 30],
    )
    return workbook_bytes(workbook)


# ── class changes, 低效企业, 低效用地 ─────────────────────────────────────────


@dataclass(frozen=True)
class ClassChange:
    enterprise_id: int
    name: str
    town: str
    last: str  # last year's class ("" when not evaluated then)
    this: str
    direction: str  # 上升 / 下降 / 新参评 / 持平


GRADE_RANK = {"A": 1, "B": 2, "C": 3, "D": 4}


def class_changes(run: MujuRun, last_grades: dict[int, str]) -> list[ClassChange]:
    """Each firm whose class differs from last year's (new firms included)."""
    changes = []
    for result in run.results:
        this, last = result["grade"], last_grades.get(result["enterprise_id"], "")
        if this == last:
            continue
        if not last:
            direction = "新参评"
        elif this in GRADE_RANK and last in GRADE_RANK:
            direction = "上升" if GRADE_RANK[this] < GRADE_RANK[last] else "下降"
        else:
            direction = "变化"
        changes.append(
            ClassChange(
                result["enterprise_id"], result["name"], result["town"], last, this, direction
            )
        )
    order = {"下降": 0, "上升": 1, "变化": 2, "新参评": 3}
    return sorted(changes, key=lambda c: (order[c.direction], c.name))


@dataclass(frozen=True)
class InefficientFirm:
    enterprise_id: int
    name: str
    credit_code: str
    town: str
    grade: str
    last: str
    score: str
    land_mu: str
    reason: str


def inefficient_firms(
    run: MujuRun, last_grades: dict[int, str], tariffs: Tariffs
) -> list[InefficientFirm]:
    """低效企业 by the tariff file's rule (D this year, or C this year and last)."""
    found = []
    for r in run.results:
        grade, last = r["grade"], last_grades.get(r["enterprise_id"], "")
        if grade in tariffs.inefficient_grades:
            reason = f"{run.year} 年度 {grade} 类"
        elif grade in tariffs.repeated_grades and last == grade:
            reason = f"连续两年 {grade} 类（{run.year - 1}、{run.year}）"
        else:
            continue
        found.append(
            InefficientFirm(
                r["enterprise_id"], r["name"], r["credit_code"] or "", r["town"], grade, last,
                r["score"] or "", r["land_mu"] or "", reason,
            )
        )  # fmt: skip
    return sorted(found, key=lambda f: (f.grade != "D", f.town, f.name))


@dataclass(frozen=True)
class InefficientParcel:
    certificate_no: str
    area_mu: Decimal
    location: str
    enterprise: str
    town: str
    grade: str
    tax_per_mu: str  # 亩均税收, 万元/亩
    reason: str


def inefficient_land(
    session: Session, run: MujuRun, firms: Sequence[InefficientFirm]
) -> list[InefficientParcel]:
    """The parcels 低效企业 held in the evaluated year (腾笼换鸟 follow-up)."""
    by_id = {f.enterprise_id: f for f in firms}
    if not by_id:
        return []
    results = {r["enterprise_id"]: r for r in run.results}
    start, end = date(run.year, 1, 1), date(run.year, 12, 31)
    query = select(LandParcel).where(LandParcel.enterprise_id.in_(by_id))
    parcels = []
    for parcel in session.scalars(query.order_by(LandParcel.certificate_no)):
        if (parcel.supplied_on and parcel.supplied_on > end) or (
            parcel.released_on and parcel.released_on < start
        ):
            continue
        firm, result = by_id[parcel.enterprise_id], results[parcel.enterprise_id]
        tax, land = result.get("tax"), result.get("land_mu")
        per_mu = (
            format_number(Decimal(tax) / Decimal(land), places=2)
            if tax is not None and land not in (None, "0")
            else ""
        )
        parcels.append(
            InefficientParcel(
                parcel.certificate_no, parcel.area_mu, parcel.location or "", firm.name,
                firm.town, firm.grade, per_mu, firm.reason,
            )
        )  # fmt: skip
    return parcels


def changes_workbook(run: MujuRun, changes: Sequence[ClassChange]) -> bytes:
    workbook = Workbook()
    write_table(
        new_sheet(workbook, "等级变化"),
        caption=f"{run.year - 1}—{run.year} 年度亩均评价等级变化",
        headers=["企业名称", "镇街", f"{run.year - 1} 年度", f"{run.year} 年度", "变化"],
        rows=([c.name, c.town, c.last or "—", c.this, c.direction] for c in changes),
        widths=[32, 12, 12, 12, 10],
    )
    return workbook_bytes(workbook)


def inefficient_workbook(
    run: MujuRun,
    tariffs: Tariffs,
    firms: Sequence[InefficientFirm],
    parcels: Sequence[InefficientParcel],
) -> bytes:
    workbook = Workbook()
    write_table(
        new_sheet(workbook, "低效企业"),
        caption=f"{run.year} 年度低效企业（{tariffs.inefficient_rule}）",
        headers=[
            "企业名称",
            "统一社会信用代码",
            "镇街",
            "等级",
            "上年等级",
            "得分",
            "用地面积（亩）",
            "认定理由",
        ],
        rows=(
            [
                f.name,
                f.credit_code,
                f.town,
                f.grade,
                f.last or "—",
                Decimal(f.score) if f.score else None,
                Decimal(f.land_mu) if f.land_mu else None,
                f.reason,
            ]
            for f in firms
        ),
        widths=[32, 22, 12, 6, 10, 10, 14, 30],
    )
    write_table(
        new_sheet(workbook, "低效用地"),
        caption=f"{run.year} 年度低效用地（低效企业持有的宗地，腾笼换鸟跟踪）",
        headers=[
            "不动产权证号",
            "面积（亩）",
            "坐落",
            "企业名称",
            "镇街",
            "等级",
            "亩均税收（万元/亩）",
            "认定理由",
        ],
        rows=(
            [
                p.certificate_no,
                p.area_mu,
                p.location,
                p.enterprise,
                p.town,
                p.grade,
                Decimal(p.tax_per_mu) if p.tax_per_mu else None,
                p.reason,
            ]
            for p in parcels
        ),
        widths=[24, 10, 30, 32, 12, 6, 18, 30],
    )
    return workbook_bytes(workbook)
