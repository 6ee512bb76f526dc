"""Whether a report places a project in the district or elsewhere (GB/T 2260 names)."""

from __future__ import annotations

from taizhang.intake.places import other_places, placement

OURS = ("南湖区", "湘家荡区域", "凤桥镇", "南湖高新区")
NANHU = "330402"


def test_the_other_places_are_the_provinces_counties_and_every_other_city() -> None:
    others = other_places(NANHU, OURS)
    assert {"海盐县", "海盐", "桐乡", "秀洲区", "建德", "苏州市", "苏州", "上海"} <= set(others)


def test_the_district_its_city_its_province_and_its_own_places_are_not_other_places() -> None:
    others = set(other_places(NANHU, OURS))
    assert not others & {"南湖区", "南湖", "嘉兴市", "嘉兴", "浙江省", "浙江", "湘家荡区域"}


def test_a_sentence_naming_only_another_county_places_the_project_elsewhere() -> None:
    found = placement(["青禾复材的叶片工厂本月在桐乡动工。"], [], OURS, NANHU)
    assert found.outside and found.elsewhere == ("桐乡",)


def test_traditional_script_is_read_too() -> None:
    found = placement(["瀚川電池工廠選址海鹽，年內投產。"], [], OURS, NANHU)
    assert found.elsewhere == ("海盐",)


def test_naming_one_of_our_places_keeps_the_project_ours_even_beside_another() -> None:
    sentence = "来自苏州的斯达半导体在南湖高新区开工建设功率芯片项目。"
    found = placement([sentence], [], OURS, NANHU)
    assert not found.outside and found.ours == ("南湖高新区",)


def test_the_paragraph_speaks_when_the_sentence_names_no_place() -> None:
    sentence = "上午9时，占地308亩的一期项目工地上塔吊林立。"
    found = placement([sentence], ["秀洲区天鹅湖畔的智慧产业园项目是第一站。"], OURS, NANHU)
    assert found.outside and found.elsewhere == ("秀洲区",)
    assert placement([sentence], ["项目进展顺利。"], OURS, NANHU).elsewhere == ()


def test_a_name_inside_a_longer_one_is_given_once() -> None:
    found = placement(["杭州市建德一处露营地项目下月开放。"], [], OURS, NANHU)
    assert found.elsewhere == ("杭州市", "建德")
