"""Shared fixtures: a throw-away copy of the repository to break things in, and a way to run stages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
IGNORE = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".pytest_cache", "reports", "cache", "tmp")


def stage_env(**extra) -> dict:
    env = dict(os.environ)
    env.update(
        GX_ANALYTICS_ENABLED="false",
        DVC_NO_ANALYTICS="1",
        DVC_NO_UPDATER="1",
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
    )
    env.update(extra)
    return env


def run_module(repo: Path, module: str, *args: str, **env) -> subprocess.CompletedProcess:
    """Run `python -m <module> args` inside ``repo`` (a copy), capturing output."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=repo,
        env=stage_env(**env),
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    """A copy of the working tree (without .venv, .git, caches, reports) whose stages can be run and broken."""
    dest = tmp_path / "repo"
    shutil.copytree(ROOT, dest, ignore=IGNORE, symlinks=True)
    return dest


def tree_digest(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
