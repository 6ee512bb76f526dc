from __future__ import annotations

import pytest

from taizhang.kernel.stages import STAGES, Stage, is_backwards


def test_the_seven_stages_run_from_talks_to_full_capacity() -> None:
    assert [s.label for s in STAGES] == ["洽谈", "签约", "供地", "开工", "竣工", "投产", "达产"]


@pytest.mark.parametrize("text", ["开工", "CONSTRUCTION", "construction", " 开工 "])
def test_it_reads_a_stage_in_chinese_or_english(text: str) -> None:
    assert Stage.parse(text) is Stage.CONSTRUCTION


def test_it_names_the_stages_it_knows_when_refusing_a_word() -> None:
    with pytest.raises(ValueError, match="洽谈、签约"):
        Stage.parse("开会")


def test_going_from_construction_to_signed_is_backwards() -> None:
    assert is_backwards(Stage.CONSTRUCTION, Stage.SIGNED)
    assert not is_backwards(Stage.SIGNED, Stage.CONSTRUCTION)
    assert not is_backwards(None, Stage.TALKS)
