"""District metrics: the built-in ones, and adding the district's own after checking them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.kernel.stages import Stage
from taizhang.org.models import User
from taizhang.race.metrics import BUILTIN_METRICS, MetricKind, define_metric, list_metrics
from taizhang.race.targets import set_target, targets_for
from tests.conftest import District

D = Decimal
NOW = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)


def test_the_district_adds_a_metric_and_sets_targets_for_it(
    session: Session, district: District, district_admin: User
) -> None:
    metric = define_metric(
        session,
        code="signed_5yi",
        label="5亿元以上项目签约数",
        kind="count",
        stage="签约",
        min_yi=5,
        actor=district_admin,
        now=NOW,
    )
    assert (metric.unit, metric.stage, metric.min_yi, metric.builtin) == (
        "个",
        Stage.SIGNED,
        D(5),
        False,
    )
    assert metric.measured == "年初至今达到“签约”阶段的折合人民币总投资5亿元以上的项目个数"
    assert [m.code for m in list_metrics(session)] == [
        *(m.code for m in BUILTIN_METRICS),
        "signed_5yi",
    ]
    set_target(
        session,
        unit=district.town,
        year=2026,
        metric="5亿元以上项目签约数",
        value=1,
        actor=None,
        now=NOW,
    )
    assert targets_for(session, year=2026) == {(district.town.id, "signed_5yi"): D(1)}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"code": "Bad-Code"}, "指标代码须为"),
        ({"code": "started"}, "已存在"),
        ({"label": "开工项目数"}, "指标“开工项目数”（started）已存在"),
        ({"label": "固投"}, "已存在"),  # another name of a built-in metric
        ({"kind": "average"}, "指标类型应为 count、sum 或 value"),
        ({"stage": "建设中"}, "未知的项目阶段"),
        ({"stage": None}, "须指定项目阶段"),
        ({"min_yi": -1}, "投资门槛（亿元）不能为负"),
        ({"kind": "sum", "unit": "万元"}, "该类指标的单位为“亿元”"),
        ({"kind": "value", "unit": "万元"}, "不设阶段和投资门槛"),
        ({"kind": "value", "stage": None, "unit": None}, "须有计量单位"),
    ],
)
def test_it_refuses_an_incomplete_or_clashing_metric(
    session: Session, district: District, given: dict[str, Any], message: str
) -> None:
    base: dict[str, Any] = {
        "code": "land_count",
        "label": "供地项目数",
        "kind": "count",
        "stage": "供地",
    }
    with pytest.raises(Invalid, match=message):
        define_metric(session, **{**base, **given}, actor=None, now=NOW)


def test_a_value_metric_of_the_district_takes_a_unit(session: Session, district: District) -> None:
    metric = define_metric(
        session,
        code="tax",
        label="新增税收",
        kind=MetricKind.VALUE,
        unit="万元",
        actor=None,
        now=NOW,
    )
    assert (metric.kind, metric.unit, metric.stage) == (MetricKind.VALUE, "万元", None)
    assert metric.measured == "按单位逐月填报，年初至今累计（万元）"
