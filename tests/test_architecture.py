"""Specs for the shape of the code: the import contracts of docs/architecture.md cover what
they must, so a new module cannot slip past them unnoticed."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import taizhang

PACKAGE = Path(taizhang.__file__).parent
CONTRACTS = {
    contract["id"]: contract
    for contract in tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["tool"][
        "importlinter"
    ]["contracts"]
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _defines_a_router(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "router" for t in node.targets)
        for node in tree.body
    )


def test_every_route_module_is_protected_from_other_imports() -> None:
    routes = {_module_name(p) for p in (PACKAGE / "web").rglob("*.py") if _defines_a_router(p)}
    protected = set(CONTRACTS["routes-only-from-app"]["protected_modules"])
    assert routes == protected


def test_every_top_level_package_has_a_layer() -> None:
    packages = {
        _module_name(p)
        for p in PACKAGE.iterdir()
        if (p / "__init__.py").exists() or (p.suffix == ".py" and p.stem != "__init__")
    }
    layered = {name.strip() for layer in CONTRACTS["layers"]["layers"] for name in layer.split("|")}
    assert packages == layered


def test_every_web_domain_folder_is_independent_of_the_others() -> None:
    folders = {_module_name(p.parent) for p in (PACKAGE / "web").glob("*/__init__.py")}
    assert folders == set(CONTRACTS["web-domains-independent"]["modules"])


def test_no_product_code_names_the_demo_district() -> None:
    """The district's name comes from the root unit or TAIZHANG_DISTRICT_NAME, never the code."""
    suffixes = {".py", ".html", ".toml", ".css"}
    files = [p for p in PACKAGE.rglob("*") if p.suffix in suffixes and "demo" not in p.parts]
    assert [str(p) for p in files if "南湖区" in p.read_text(encoding="utf-8")] == []
