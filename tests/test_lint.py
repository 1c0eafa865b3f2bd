"""The checks CI runs besides the tests: ruff over the code, mypy over the package.

Both read their configuration from pyproject.toml. ruff checks every Python file of
the checkout (the rules and the files not yet clean are listed there). mypy checks
the modules listed in the strict ``[[tool.mypy.overrides]]`` (strict there; the list
grows as modules are made clean, until it is all of ``src/``): the modules they
import are read for their types, their own errors are not reported here.

A failure shows the tool's own output. Both tools are in the ``test`` extra; the
tests skip with a reason where they are not installed. mypy starts from an empty
cache in a temporary folder (about 30 s on one core), so nothing is left in the
checkout and nothing stale is trusted.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: mypy depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PYPROJECT = ROOT / "pyproject.toml"
RUFF_PATHS = ("src", "tests", "fuzz", "tools", "bench")


def _needs(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def _package_modules() -> list[str]:
    """Every module of the gixparse package, by name (its files in src/; nothing is imported)."""
    names = []
    for path in (SRC / "gixparse").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(names)


def _matches(pattern: str, module: str) -> bool:
    """mypy's reading of an overrides ``module`` pattern: ``a.b`` itself, ``a.*`` a and
    every module below it, ``a.*.c`` a wildcard in the middle."""
    if pattern.endswith(".*") and "*" not in pattern[:-2]:
        prefix = pattern[:-2]
        return module == prefix or module.startswith(prefix + ".")
    return fnmatch.fnmatchcase(module, pattern)


def strict_patterns() -> list[str]:
    """The module patterns of pyproject's strict mypy overrides."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    patterns: list[str] = []
    for override in config["tool"]["mypy"].get("overrides", []):
        if override.get("strict"):
            module = override["module"]
            patterns += [module] if isinstance(module, str) else module
    return patterns


def strict_modules() -> list[str]:
    patterns = strict_patterns()
    return [m for m in _package_modules() if any(_matches(p, m) for p in patterns)]


def test_every_strict_pattern_names_a_module():
    """A misspelt entry in the strict list would leave a module unchecked without a word."""
    modules = _package_modules()
    assert "gixparse.pipeline" in modules and "gixparse.readers.grid" in modules
    stale = [p for p in strict_patterns() if not any(_matches(p, m) for m in modules)]
    assert not stale, f"pyproject's strict mypy overrides name no module for {stale}"


def test_ruff():
    _needs("ruff")
    proc = _run("ruff", "check", "--no-cache", "--output-format", "concise", *RUFF_PATHS)
    assert proc.returncode == 0, f"ruff check {' '.join(RUFF_PATHS)}:\n{proc.stdout}{proc.stderr}"


def test_mypy_strict_modules(tmp_path):
    _needs("mypy")
    modules = strict_modules()
    assert modules, "no module is listed as strict in pyproject.toml"
    args = ["--cache-dir", str(tmp_path / "mypy-cache"), "--follow-imports", "silent", "--no-error-summary"]
    for module in modules:
        args += ["-m", module]
    proc = _run("mypy", *args)
    assert proc.returncode == 0, f"mypy (strict on {len(modules)} modules):\n{proc.stdout}{proc.stderr}"
