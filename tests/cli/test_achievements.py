"""`taizhang achievements search` prints each achievement found with its holder, field,
maturity, region and the terms it holds (Chinese); a bad filter is named with exit code 1;
`taizhang achievements index` builds the index in the data directory."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session

from taizhang.achievements.library import AchievementDraft, add_achievements
from taizhang.cli.main import cli

NOW = datetime(2026, 5, 20, 2, tzinfo=UTC)


@pytest.fixture
def library(session: Session) -> None:
    drafts = [
        AchievementDraft(
            "硫化物固态电解质", "离子电导率高。", "新能源", "某研究所", "实验室", "宁波市"
        ),
        AchievementDraft("固态电池封装", "软包封装。", "新能源", "某大学", "中试", "南京市"),
    ]
    add_achievements(session, drafts, actor=None, now=NOW)
    session.commit()


def test_search_prints_the_achievements_with_their_reasons(
    database_url: str, library: None, tmp_path: Path
) -> None:
    env = {"TAIZHANG_DATA_DIR": str(tmp_path)}
    arguments = ["--database", database_url, "achievements", "search", "固态电解质"]
    result = CliRunner().invoke(cli, [*arguments, "--region", "浙江"], env=env)
    assert result.exit_code == 0, result.output
    assert "1. [" in result.output and "硫化物固态电解质" in result.output
    assert "某研究所 · 新能源 · 实验室 · 浙江省宁波市" in result.output
    assert "命中：固态电解质；成熟度：实验室" in result.output
    assert "固态电池封装" not in result.output
    bad = CliRunner().invoke(cli, [*arguments, "--field", "航天"], env=env)
    assert bad.exit_code == 1 and "技术领域应为" in bad.output
    built = CliRunner().invoke(cli, ["--database", database_url, "achievements", "index"], env=env)
    assert built.exit_code == 0 and "已重建索引：2 项成果" in built.output
    assert (tmp_path / "achievements-index" / "CURRENT").exists()
