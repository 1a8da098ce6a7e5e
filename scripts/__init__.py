"""Pipeline stages: one module per DVC stage (see dvc.yaml), plus the shared library in scripts.lib.

Importing this package first checks that the project's environment is the one running: `dvc repro`
calls `python -m scripts.<stage>` with whatever `python` is first on the PATH. When that interpreter
lacks the pinned packages and the repository's .venv exists, the stage re-runs itself with
.venv/bin/python (so a bare `dvc repro` works without `source .venv/bin/activate`); when there is no
usable .venv, it stops with one line saying what to do (exit status 3).
"""

import importlib.util
import os
import sys
from pathlib import Path

_VENV = Path(__file__).resolve().parents[1] / ".venv"
_NEEDED = ("pandas", "pyarrow", "yaml", "frictionless", "great_expectations", "filelock")
_REEXEC_FLAG = "ICE_DETAINERS_REEXEC"


def _ensure_environment() -> None:
    missing = [m for m in _NEEDED if importlib.util.find_spec(m) is None]
    if not missing:
        return
    python = _VENV / "bin" / "python"
    in_venv = Path(sys.prefix).resolve() == _VENV.resolve()
    argv = getattr(sys, "orig_argv", None)
    if python.exists() and not in_venv and not os.environ.get(_REEXEC_FLAG) and argv:
        os.environ[_REEXEC_FLAG] = "1"
        os.execv(str(python), [str(python), *argv[1:]])
    where = "the project environment .venv" if in_venv else f"{sys.executable}"
    print(
        f"error: {where} lacks {', '.join(missing)}: the pinned environment is not in use. "
        "Run `make env` (creates .venv), then `source .venv/bin/activate` before `dvc repro`, or use `make repro`",
        file=sys.stderr,
    )
    sys.exit(3)


_ensure_environment()


def _one_line_for_input_errors(kind, exc, tb) -> None:
    """An InputError raised outside run_stage (while a stage module is imported, e.g. a table schema read
    for its column list) is reported like any other: one line on stderr, exit status 2."""
    if getattr(kind, "__name__", "") == "InputError" and kind.__module__ == "scripts.lib.errors":
        print(f"error: {' '.join(str(exc).splitlines())}", file=sys.stderr)
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(2)
    sys.__excepthook__(kind, exc, tb)


sys.excepthook = _one_line_for_input_errors
