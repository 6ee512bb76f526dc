from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.cli.main import cli
from taizhang.org.models import User
from tests.conftest import District, Projects


def test_it_adds_a_unit_staff_account(
    database_url: str, session: Session, district: District
) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "--database",
            database_url,
            "user",
            "add",
            "wang",
            "--role",
            "unit_staff",
            "--unit",
            "330402101",
            "--name",
            "王专员",
        ],
        input="long-enough-pw\nlong-enough-pw\n",
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.username == "wang"))
    assert user is not None and user.unit_id == district.town.id


def test_it_refuses_unit_staff_without_a_unit(database_url: str, district: District) -> None:
    result = CliRunner().invoke(
        cli,
        ["--database", database_url, "user", "add", "li", "--role", "unit_staff"],
        input="long-enough-pw\nlong-enough-pw\n",
    )
    assert result.exit_code == 1
    assert "单位专员必须指定所属单位" in result.output


def test_get_renders_the_api_in_process_as_a_user(
    database_url: str, projects: Projects, district_admin: User
) -> None:
    result = CliRunner().invoke(
        cli, ["--database", database_url, "get", "/api/v1/projects", "--as", "admin"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["count"] == 3


def test_get_exits_1_on_an_error_page(database_url: str, district_admin: User) -> None:
    result = CliRunner().invoke(
        cli, ["--database", database_url, "get", "/api/v1/projects/404", "--as", "admin"]
    )
    assert result.exit_code == 1
    assert json.loads(result.output)["status"] == 404


def test_serve_refuses_the_default_secret(database_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("TAIZHANG_SECRET_KEY", raising=False)
    monkeypatch.delenv("TAIZHANG_DEBUG", raising=False)
    result = CliRunner().invoke(cli, ["--database", database_url, "serve", "--port", "1"])
    assert result.exit_code == 2
    assert "TAIZHANG_SECRET_KEY" in result.output


def test_it_refuses_an_unknown_database_scheme() -> None:
    result = CliRunner().invoke(cli, ["--database", "mysql://x", "migrate"])
    assert result.exit_code == 2
    assert "只支持 sqlite 或 postgresql" in result.output


@pytest.mark.db
def test_a_database_that_cannot_be_written_is_named_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "只读.db"
    sqlite3.connect(path).close()  # an empty file, opened read-only below
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    result = CliRunner().invoke(cli, ["--database", url, "migrate"])
    assert result.exit_code == 1
    assert "无法打开或升级数据库" in result.output and "Traceback" not in result.output


def test_the_command_line_resets_and_deactivates_accounts(
    database_url: str, session: Session, town_staff: User
) -> None:
    base = ["--database", database_url, "user"]
    reset = CliRunner().invoke(
        cli, [*base, "password", town_staff.username], input="n3w-secret\nn3w-secret\n"
    )
    assert reset.exit_code == 0, reset.output
    off = CliRunner().invoke(cli, [*base, "deactivate", town_staff.username])
    assert off.exit_code == 0 and "已停用" in off.output
    missing = CliRunner().invoke(cli, [*base, "deactivate", "nobody"])
    assert missing.exit_code == 1 and "不存在" in missing.output
    session.expire_all()
    assert session.get(User, town_staff.id).active is False  # type: ignore[union-attr]


@pytest.mark.db  # an empty SQLite file of its own
@pytest.mark.parametrize(
    "args",
    [
        ["rank", "--period", "2026-05"],
        ["report", "monthly", "--period", "2026-05", "--out", "report.html"],
        ["get", "/api/v1/dashboard", "--as", "admin"],
        ["export", "projects", "export.xlsx"],
    ],
)
def test_a_read_command_on_an_empty_ledger_names_the_file_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    empty = tmp_path / "empty.db"
    result = CliRunner().invoke(cli, ["--database", f"sqlite:///{empty}", *args])

    assert result.exit_code == 1
    assert f"sqlite:///{empty}" in result.output and "是空的" in result.output
    assert "taizhang demo" in result.output
    assert not (tmp_path / "report.html").exists() and not (tmp_path / "export.xlsx").exists()
