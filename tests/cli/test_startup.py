"""`taizhang --help` answers without loading the database, web or spreadsheet libraries:
each command's module is imported only when that command runs."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import import_module

import click
import pytest
from click.testing import CliRunner

from taizhang.cli.main import LAZY_COMMANDS, cli

HEAVY = ("sqlalchemy", "fastapi", "openpyxl", "pydantic", "uvicorn", "docx", "alembic")
LISTING = """
import json, sys
from taizhang.cli.main import cli
try:
    cli.main(["--help"], prog_name="taizhang")
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def _top_modules_after(script: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_help_imports_no_database_web_or_spreadsheet_library() -> None:
    loaded = _top_modules_after(LISTING)
    assert "click" in loaded
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_a_command_still_imports_what_it_needs() -> None:
    script = LISTING.replace('["--help"]', '["rank", "--help"]')
    assert "sqlalchemy" in _top_modules_after(script)


def test_help_lists_every_command_with_its_own_help_line() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in [*LAZY_COMMANDS, "migrate"]:
        assert f"  {name} " in result.output


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_each_lazy_command_is_registered_by_its_module_with_the_listed_help(name: str) -> None:
    module_name, listed_help = LAZY_COMMANDS[name]
    group = click.Group()
    import_module(module_name).register(group)
    assert name in group.commands
    assert group.commands[name].get_short_help_str(1000) == listed_help
    assert set(group.commands) <= set(LAZY_COMMANDS)
