from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.enterprises.models import Enterprise
from taizhang.enterprises.registry import (
    core_name,
    create_enterprise,
    ensure_enterprise,
    find_enterprise,
    match_enterprise,
    resolve_enterprise,
)
from taizhang.kernel.errors import Invalid


def test_it_finds_an_enterprise_by_its_short_name(session: Session) -> None:
    made = create_enterprise(session, name="浙江当卓能源科技有限公司", aliases=["当卓科技", "当卓"])
    assert find_enterprise(session, "当卓科技") is made
    assert find_enterprise(session, " 浙江当卓能源科技有限公司 ") is made
    assert ensure_enterprise(session, "当卓") is made


def test_it_refuses_an_invalid_credit_code_with_a_clear_message(session: Session) -> None:
    with pytest.raises(Invalid) as caught:
        create_enterprise(session, name="示例制造有限公司", credit_code="91350203M0001QAY9B")
    assert "统一社会信用代码校验位错误" in caught.value.message
    assert caught.value.errors[0].column == "统一社会信用代码"
    session.rollback()
    assert session.scalar(select(func.count(Enterprise.id))) == 0


def test_it_keeps_a_valid_credit_code_normalised(session: Session) -> None:
    made = create_enterprise(session, name="示例科技有限公司", credit_code="91350200776049653a")
    assert made.credit_code == "91350200776049653A"


def test_it_refuses_an_industry_code_outside_its_section(session: Session) -> None:
    with pytest.raises(Invalid, match="行业代码"):
        create_enterprise(session, name="示例食品有限公司", industry_code="B3511")


def test_a_short_name_cannot_point_at_two_enterprises(session: Session) -> None:
    create_enterprise(session, name="嘉兴甲有限公司", aliases=["甲公司"])
    with pytest.raises(Invalid, match="已被使用"):
        create_enterprise(session, name="嘉兴乙有限公司", aliases=["甲公司"])


def test_a_short_name_in_a_report_resolves_to_the_registered_enterprise(session: Session) -> None:
    made = create_enterprise(session, name="浙江当卓能源科技有限公司")
    assert resolve_enterprise(session, "当卓科技") is made
    assert find_enterprise(session, "当卓科技") is made  # remembered as an alias


def test_an_unknown_enterprise_in_a_report_is_registered(session: Session) -> None:
    made = resolve_enterprise(session, "嘉兴示例新材料有限公司")
    assert made.name == "嘉兴示例新材料有限公司"


def test_two_enterprises_with_the_same_core_name_are_not_guessed_between(session: Session) -> None:
    create_enterprise(session, name="浙江明新材料有限公司")
    create_enterprise(session, name="江苏明新科技有限公司")
    assert match_enterprise(session, "明新") is None


def test_core_names_drop_places_and_legal_forms() -> None:
    assert core_name("浙江当卓能源科技有限公司") == "当卓"
    assert core_name("斯达半导体股份有限公司") == "斯达半导体"
    assert core_name("当卓科技") == "当卓"
