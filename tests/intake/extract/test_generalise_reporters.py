"""Ways reporters write that the first look at dev 531–560 showed, in sentences of our own."""

from __future__ import annotations

from datetime import date

from taizhang.intake.extract import extract
from taizhang.intake.facts import ProjectFact

DOC_DATE = date(2025, 6, 1)


def projects(text: str) -> list[ProjectFact]:
    return extract(text, reference_date=DOC_DATE).projects


def only(text: str) -> ProjectFact:
    (project,) = projects(text)
    return project


def test_a_unit_written_with_its_alternative_in_brackets_is_one_unit() -> None:
    project = only("鹤川重工年产800台（套）矿山机械项目总投资3亿元，目前已开工建设。")
    assert [(item.value, item.unit) for item in project.capacity] == [(800, "台套")]
