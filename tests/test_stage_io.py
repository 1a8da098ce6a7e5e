"""Each stage reads only its declared deps and writes only its declared outs (dvc.yaml).

Every stage is run, in pipeline order, in a copy of the repository under a Python audit hook that records
each file the stage process opens. Files opened by native code (pyarrow's CSV reader) and by notebook
kernels (separate processes) are not seen, so this is a lower bound on what a stage touches; what it
does see must be declared. Code (scripts/), params.yaml and the environment are not listed as data.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import stage_env

pytestmark = pytest.mark.slow

HOOK = """
import json, os, runpy, sys
log = open(os.environ["STAGE_IO_LOG"], "w")
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0]); mode = args[1] or "r"
        flags = args[2] if len(args) > 2 else 0
        writing_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT
        write = any(c in str(mode) for c in "wax+") or bool(isinstance(flags, int) and flags & writing_flags)
        log.write(json.dumps([os.path.abspath(path), write]) + "\\n"); log.flush()
    elif event == "os.rename":
        log.write(json.dumps([os.path.abspath(os.fsdecode(args[1])), True]) + "\\n"); log.flush()
sys.addaudithook(hook)
module = sys.argv[1]
sys.argv = [module] + sys.argv[2:]
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


def _names(entries) -> list[str]:
    return [e if isinstance(e, str) else next(iter(e)) for e in entries or []]


def _covered(rel: str, declared: list[str]) -> bool:
    return any(rel == d or rel.startswith(d.rstrip("/") + "/") for d in declared)


def test_stages_touch_only_what_dvc_yaml_declares(repo_copy, tmp_path):
    stages = yaml.safe_load((repo_copy / "dvc.yaml").read_text())["stages"]
    problems = []
    for name, spec in stages.items():
        cmd = spec["cmd"].split()
        assert cmd[:2] == ["python", "-m"], name
        log = tmp_path / f"{name}.jsonl"
        r = subprocess.run(
            [sys.executable, "-c", HOOK, *cmd[2:]],
            cwd=repo_copy,
            capture_output=True,
            text=True,
            env=stage_env(STAGE_IO_LOG=str(log)),
            timeout=900,
        )
        assert r.returncode == 0, f"{name}: {r.stderr[-2000:]}"
        deps, outs = _names(spec.get("deps")), _names(spec.get("outs")) + _names(spec.get("metrics"))
        root = str(repo_copy.resolve()) + "/"
        for line in log.read_text().splitlines():
            path, write = json.loads(line)
            if not path.startswith(root):
                continue
            rel = path[len(root) :]
            if rel.startswith(("scripts/", ".venv/")) or "__pycache__" in rel or rel == "params.yaml":
                continue
            if write:
                if Path(rel).name.startswith(".") and rel.endswith(".tmp"):  # atomic writer's temporary file
                    continue
                if not _covered(rel, outs):
                    problems.append(f"{name} writes undeclared {rel}")
            elif not (_covered(rel, deps) or _covered(rel, outs)) and (repo_copy / rel).is_file():
                problems.append(f"{name} reads undeclared {rel}")
    assert not sorted(set(problems)), sorted(set(problems))
