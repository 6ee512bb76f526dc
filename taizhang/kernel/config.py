"""Settings: one object, built once at the entry point and passed down."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_PATH = Path("taizhang.db")
DEFAULT_DATABASE_URL = f"sqlite:///{DEFAULT_DATABASE_PATH}"
INSECURE_SECRET = "change-me"


class Settings(BaseSettings):
    """Every setting can be given as an environment variable prefixed with TAIZHANG_."""

    model_config = SettingsConfigDict(env_prefix="TAIZHANG_", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL of the ledger: sqlite:///FILE (default) or "
        "postgresql+psycopg://USER@HOST:PORT/DB in production.",
    )
    secret_key: str = Field(
        default=INSECURE_SECRET,
        description="Secret used to sign CSRF tokens; must be set (16+ chars) outside debug mode.",
    )
    session_minutes: int = Field(
        default=480,
        ge=5,
        le=60 * 24 * 14,
        description="Minutes a log-in stays valid without activity before it expires.",
    )
    debug: bool = Field(
        default=False,
        description="Development mode: allows the default secret and shows more detail.",
    )
    default_language: str = Field(
        default="zh",
        description="Language of pages when the user has not chosen one: zh or en.",
    )
    timer_seconds: int = Field(
        default=900,
        ge=0,
        le=24 * 3600,
        description="Seconds between runs of the appeals' timers (催办, 督办, auto-close) in the "
        "served app; 0 turns them off (then run `taizhang tick` from cron).",
    )
    today: date | None = Field(
        default=None,
        description="Run as if today were this day (YYYY-MM-DD), the time of day still running: "
        "for demos and tests of a given day, e.g. the first working day of next year.",
    )
    district_name: str | None = Field(
        default=None,
        description="The district's name on page headers and race reports; by default the name "
        "of the root unit (the 区) of the unit tree.",
    )
    muju_scheme: Path | None = Field(
        default=None,
        description="The district's 亩均 evaluation scheme file (TOML); by default the shipped "
        "scheme of the demo district (taizhang/muju/schemes/district-2026.toml).",
    )
    secure_cookies: bool = Field(
        default=False,
        description="Mark session cookies Secure (set when served over HTTPS).",
    )
    data_dir: Path | None = Field(
        default=None,
        description="Folder for files derived from the database (the achievement library's "
        "search index); by default a folder beside the SQLite file (FILE-data), else "
        "./taizhang-data.",
    )

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError(
                "TAIZHANG_DATABASE_URL 只支持 sqlite 或 postgresql (only sqlite or postgresql)"
            )
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("zh", "en"):
            raise ValueError("TAIZHANG_DEFAULT_LANGUAGE 只能是 zh 或 en (must be zh or en)")
        return value

    def data_folder(self) -> Path:
        """Where derived files go: `data_dir`, else beside the SQLite file, else ./taizhang-data
        (an in-memory SQLite: a folder of this process under the system's temporary one)."""
        if self.data_dir is not None:
            return self.data_dir
        if self.database_url.startswith("sqlite"):
            file = self.database_url.split("///", 1)[1] if "///" in self.database_url else ""
            if file and file != ":memory:":
                path = Path(file)
                return path.with_name(f"{path.name}-data")
            return Path(tempfile.gettempdir()) / f"taizhang-data-{os.getpid()}"
        return Path("taizhang-data")

    def check_safe_to_serve(self) -> None:
        """Refuse to serve with an unsafe secret unless in debug mode."""
        if self.debug:
            return
        if self.secret_key == INSECURE_SECRET or len(self.secret_key) < 16:
            raise ValueError(
                "请设置 TAIZHANG_SECRET_KEY（至少 16 个字符）"
                " (set TAIZHANG_SECRET_KEY to at least 16 characters, or use debug mode)"
            )


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides winning."""
    return Settings(**overrides)  # type: ignore[arg-type]
