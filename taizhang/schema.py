"""The database schema: every domain's tables on one metadata, and the Alembic migrations that
build it on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData
from sqlalchemy.exc import OperationalError

import taizhang.achievements.models
import taizhang.appeals.models
import taizhang.chains.models
import taizhang.enterprises.models
import taizhang.incentives.models
import taizhang.kernel.calendar_files
import taizhang.kernel.numbering
import taizhang.kernel.sheet_imports
import taizhang.kernel.sources
import taizhang.muju.models
import taizhang.org.models
import taizhang.policies.models
import taizhang.projects.models
import taizhang.race.models
from taizhang.kernel.base import Base
from taizhang.kernel.errors import Unavailable

logger = logging.getLogger(__name__)
# Every domain's models module is imported above, so this holds every table.
metadata: MetaData = Base.metadata
DOMAIN_MODELS = (
    taizhang.kernel.calendar_files,
    taizhang.kernel.sources,
    taizhang.kernel.numbering,
    taizhang.kernel.sheet_imports,
    taizhang.org.models,
    taizhang.enterprises.models,
    taizhang.projects.models,
    taizhang.race.models,
    taizhang.appeals.models,
    taizhang.muju.models,
    taizhang.incentives.models,
    taizhang.policies.models,
    taizhang.achievements.models,
    taizhang.chains.models,
)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema up to date (creates it on an empty database); `Unavailable`
    naming the database when it cannot be read or written (a read-only file, no server)."""
    logger.info("migrating database to %s", revision)
    try:
        command.upgrade(alembic_config(engine), revision)
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise Unavailable(
            f"无法打开或升级数据库 {where}：{exc.orig} "
            "（请检查文件是否可写、数据库服务是否运行）"
            f" (cannot open or upgrade the database: {exc.orig})"
        ) from exc
