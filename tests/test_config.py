from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from taizhang.kernel.config import Settings, load_settings


def test_every_setting_has_a_help_text() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"


def test_it_reads_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAIZHANG_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("TAIZHANG_SESSION_MINUTES", "30")
    settings = load_settings()
    assert (settings.database_url, settings.session_minutes) == ("postgresql+psycopg://u@h/db", 30)


def test_it_refuses_an_unknown_database() -> None:
    with pytest.raises(ValidationError, match="只支持 sqlite 或 postgresql"):
        Settings(database_url="mysql://root@localhost/x")


def test_it_refuses_to_serve_with_the_default_secret() -> None:
    with pytest.raises(ValueError, match="TAIZHANG_SECRET_KEY"):
        Settings().check_safe_to_serve()
    Settings(debug=True).check_safe_to_serve()
    Settings(secret_key="k" * 16).check_safe_to_serve()


def test_every_setting_is_in_the_readmes_settings_table() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## 配置 · Settings") :]
    for name in Settings.model_fields:
        assert f"| `TAIZHANG_{name.upper()}` |" in table, f"README lacks TAIZHANG_{name.upper()}"


def test_the_district_name_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAIZHANG_DISTRICT_NAME", "秀洲区")
    assert load_settings().district_name == "秀洲区"
