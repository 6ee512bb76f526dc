"""normalize: each step on its own, the composed result, and the way back to the original."""

from __future__ import annotations

import random
from pathlib import Path

import opencc
import pytest

from taizhang.intake.normalize import (
    NormalizedText,
    OffsetMap,
    apply_edits,
    collapse_spaces,
    drop_furniture,
    normalize,
    rejoin_lines,
    to_halfwidth,
    to_simplified,
)

SEEDS = Path(__file__).parents[3] / "shared" / "seeds"
T2S = opencc.OpenCC("t2s")
HALF = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


def step(function: object, text: str) -> str:
    assert callable(function)
    result = function(NormalizedText.unchanged(text))
    assert isinstance(result, NormalizedText)
    return result.text


def check_origin(original: str, normalized: NormalizedText) -> None:
    """Every character comes from one original character: itself, simplified or half-width."""
    text, origin = normalized.text, normalized.origin
    assert len(origin) == len(text) + 1
    assert origin[len(text)] == len(original)
    previous = -1
    for index, char in enumerate(text):
        start, end = normalized.to_original(index, index + 1)
        assert previous < start and end == start + 1 <= len(original)
        source = original[start]
        assert char in (source, T2S.convert(source), HALF.get(source)) or (
            char in " \t\n" and source.isspace()
        ), (index, char, source)
        previous = start


# the steps -------------------------------------------------------------------------------


def test_it_converts_traditional_to_simplified() -> None:
    assert step(to_simplified, "項目總投資約16億元") == "项目总投资约16亿元"


def test_it_keeps_offsets_when_opencc_would_change_a_lines_length(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Shortening:
        def convert(self, text: str) -> str:
            return text.replace("後來", "后").replace("來", "来").replace("後", "后")

    monkeypatch.setattr("taizhang.intake.normalize._converter", lambda: Shortening())
    assert step(to_simplified, "第一行\n後來建成") == "第一行\n后来建成"


def test_it_makes_digits_letters_percent_and_point_half_width() -> None:
    text = "总投资１６．５亿元，增长１２％，ＡＩ　产业（一期）：完成"
    assert step(to_halfwidth, text) == "总投资16.5亿元，增长12%，AI 产业（一期）：完成"


@pytest.mark.parametrize(
    "furniture",
    [
        "扫码看视频",
        "扫一扫\n看更多",
        "（下转第3版）",
        "(下转2版)",
        "上接1版",
        "■记者 张三 通讯员 李四",
        "■摄影 记者 王五",
        "通讯员 赵六 钱七",
        "本报记者 孙八",
        "责任编辑：周九",
        "来源：区融媒体中心 | 编辑：吴十",
        "您的位置：首页 > 新闻 > 正文",
        "首页 新闻 政务 公开 服务 互动 专题 视频 图片",
        "厂房一角\n张三 摄",
        "园区一角（图片由园区管委会提供）",
        "图为工人在车间里调试设备",
        "陈一 李二",
    ],
)
def test_it_drops_page_furniture(furniture: str) -> None:
    text = f"园区新闻\n\n{furniture}\n\n今天上午，园区举行集中开工仪式。"
    assert step(drop_furniture, text).split() == ["园区新闻", "今天上午，园区举行集中开工仪式。"]


@pytest.mark.parametrize(
    "line",
    [
        "扫码了解总投资16亿元的项目",
        "图为总投资12亿元的新厂房",
        "今年种植水稻3000亩",
        "大家扫码即可报名参加，名额有限，先到先得。这是一段较长的正文内容。",
    ],
)
def test_it_keeps_lines_that_are_not_furniture(line: str) -> None:
    text = f"{line}\n\n王五 摄\n"
    assert step(drop_furniture, text) == f"{line}\n\n"


def test_it_removes_the_local_news_prefix_and_jump_notes_inside_a_line() -> None:
    text = "本报讯（记者 张三）今天上午，三个项目同时开工。（下转第2版）\n"
    assert step(drop_furniture, text) == "今天上午，三个项目同时开工。\n"


def test_it_rejoins_a_sentence_broken_by_the_layout() -> None:
    text = "这是一个被版面拆开的长句子，它在这里断开了，后\n\n面还有内容。\n新段落开始了。"
    assert step(rejoin_lines, text) == (
        "这是一个被版面拆开的长句子，它在这里断开了，后面还有内容。\n新段落开始了。"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("研发投入强度连续12\n\n年位居全市第一。", "研发投入强度连续12年位居全市第一。"),
        ("产业园是全区发展\n\n的主引擎。", "产业园是全区发展的主引擎。"),
        ("创新，是园区的底\n\n色。近年来持续发力。", "创新，是园区的底色。近年来持续发力。"),
        ("园区东侧的电子公司是一\n家研发企业。", "园区东侧的电子公司是一家研发企业。"),
        ("总投资约12\n.5亿元。", "总投资约12.5亿元。"),
        ("全面建成\n，投入使用。", "全面建成，投入使用。"),
        ("园区完成改造，引进了Smart\nFactory 系统。", "园区完成改造，引进了Smart Factory 系统。"),
    ],
)
def test_it_rejoins_lines_that_continue_a_sentence(text: str, expected: str) -> None:
    assert step(rejoin_lines, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "园区新闻\n\n今天上午，园区举行集中开工仪式。",
        "项目全部开工。\n\n园区召开推进会。",
        "赛场之上\n“比学赶超”成风景",
        "  注重谋划，以项目拉动发展\n  今天上午，园区举行集中开工仪式。",
        "项目\t总投资\n智能装备，一期\t12亿元",
        "园区新签约三个制造业项目 总投资超十亿元\n今天上午，园区举行集中开工仪式。",
    ],
)
def test_it_keeps_headings_paragraphs_and_table_rows_apart(text: str) -> None:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert step(rejoin_lines, text).split("\n") == lines


def test_it_collapses_spaces_inside_chinese_and_keeps_one_between_latin_words() -> None:
    text = "项 目 总投资 16 亿元，Smart   Factory 2.0 上线\n项目\t \t总投资"
    assert step(collapse_spaces, text) == "项目总投资16亿元，Smart Factory 2.0上线\n项目\t总投资"


# composed, and the way back ----------------------------------------------------------------

PAGE = (
    "園區新聞\n\n■记者 张三 通讯员 李四\n\n"
    "本报讯　今年以來，開發區新簽約項目１２個，總投資約３８．５億元，\n\n"
    "其中智慧製造項目佔比達６０％。\n\n（下轉第3版）\n\n扫一扫\n看更多\n"
)


def test_it_normalizes_a_page_in_order() -> None:
    result = normalize(PAGE)
    assert result.text == (
        "园区新闻\n今年以来，开发区新签约项目12个，总投资约38.5亿元，其中智慧制造项目占比达60%。"
    )
    check_origin(PAGE, result)


def test_it_maps_a_span_back_to_the_original_characters() -> None:
    result = normalize(PAGE)
    start = result.text.index("38.5亿元，其中")
    end = start + len("38.5亿元，其中")
    begin, finish = result.to_original(start, end)
    assert PAGE[begin:finish] == "３８．５億元，\n\n其中"
    assert result.to_original(start, start) == (begin, begin)


def test_it_refuses_a_span_outside_the_text() -> None:
    with pytest.raises(IndexError):
        normalize("项目。").to_original(0, 9)


def test_edits_compose_through_several_steps() -> None:
    first = apply_edits(NormalizedText.unchanged("ab--cd--ef"), [(2, 4, ""), (6, 8, "")])
    second = apply_edits(first, [(0, 1, ""), (3, 5, "X")])
    assert (first.text, second.text) == ("abcdef", "bcXf")
    assert [second.origin[i] for i in range(5)] == [1, 4, 5, 9, 10]
    assert OffsetMap.identity(3)[3] == 3


ALPHABET = [*"項目投資億１２．％Ａab，。的", "\n", "\n\n", " ", "\u3000", "\t"]
ALPHABET += ["扫码", "(下转2版)", "本报讯 ", "■记者 张三", "王五 摄"]


@pytest.mark.parametrize("seed", range(40))
def test_every_character_maps_back_to_its_source(seed: int) -> None:
    rng = random.Random(seed)
    original = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 120)))
    check_origin(original, normalize(original))


def test_it_handles_empty_and_blank_text() -> None:
    assert normalize("").text == ""
    assert normalize(" \n\n\u3000 ").text == ""
    check_origin(" \n\n\u3000 ", normalize(" \n\n\u3000 "))


def test_it_normalizes_a_million_characters() -> None:
    """A whole newspaper's worth in one go (its speed is measured by bench/extract.py)."""
    paragraph = "今年以來，開發區新簽約項目１２個，總投資約３８億元，\n\n其中製造業佔六成。\n扫码\n"
    text = paragraph * (1_000_000 // len(paragraph))
    result = normalize(text)
    assert result.text.count("\n") == text.count("扫码") - 1
    assert "总投资约38亿元" in result.text


# the seeds: real newspaper pages -----------------------------------------------------------


def seed_texts() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed reports not found at {SEEDS}")
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}


def test_every_seed_normalizes_and_maps_back() -> None:
    for name, original in seed_texts().items():
        result = normalize(original)
        check_origin(original, result)
        assert "下转" not in result.text and "扫一扫" not in result.text, name
        assert not any(line.startswith(("■", "本报讯")) for line in result.text.split("\n"))


def test_the_traditional_seed_comes_out_simplified() -> None:
    text = normalize(seed_texts()["004"]).text
    assert "项目" in text and "項目" not in text


def test_seed_000_has_its_layout_broken_sentences_rejoined() -> None:
    # In 000 a paragraph breaks after "合规底" and goes on, after a blank line, with "线之上";
    # another breaks between "纸上" and "谈兵". Both must read as one sentence again.
    original = seed_texts()["000"]
    assert "合规底\n\n线之上" in original and "纸上\n\n谈兵" in original
    text = normalize(original).text
    assert "合规底线之上" in text and "纸上谈兵" in text
    assert not any(line.endswith(("底", "纸上")) for line in text.split("\n"))


def test_seed_001_keeps_its_subheadings_on_their_own_lines() -> None:
    lines = normalize(seed_texts()["001"]).text.split("\n")
    assert "南湖新闻" in lines
    assert any(line.startswith("创新,是南湖最鲜明的底色。") for line in lines)
