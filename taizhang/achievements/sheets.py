"""A need's candidates as a workbook (推荐成果清单): each achievement with its holder, field,
maturity, region and the reasons it was recommended."""

from __future__ import annotations

from openpyxl import Workbook

from taizhang.achievements.models import TechNeed
from taizhang.achievements.needs import latest_candidates
from taizhang.kernel.sheets import new_sheet, write_table

CANDIDATE_HEADERS = (
    "序号",
    "成果编号",
    "成果名称",
    "持有单位",
    "技术领域",
    "成熟度",
    "地区",
    "命中词",
    "推荐理由",
)


def candidates_workbook(need: TechNeed) -> Workbook:
    workbook = Workbook()
    rows = [
        (n, c["achievement_id"], c["title"], c["holder"], c["field"], c["maturity"], c["region"],
         "、".join(c["terms"]), c["reasons"])
        for n, c in enumerate(latest_candidates(need), start=1)
    ]  # fmt: skip
    caption = f"技术需求 {need.id}（{need.enterprise.name}）推荐成果清单"
    write_table(new_sheet(workbook, "推荐成果"), caption=caption, headers=CANDIDATE_HEADERS,
                rows=rows, widths=(6, 10, 36, 30, 10, 8, 20, 24, 40))  # fmt: skip
    return workbook
