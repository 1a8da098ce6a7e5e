"""One kind of error for bad input, and one way to report it.

Every stage runs under :func:`run_stage`: an :class:`InputError` becomes a single line on stderr that
names the file, the row or field, and what was expected, and a nonzero exit. Because every writer is
atomic (see :mod:`scripts.lib.io`) and stages check their inputs before they write, nothing already
published is overwritten when this happens.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from .paths import rel

EXIT_INPUT_ERROR = 2


class InputError(Exception):
    """Bad input: names the file, where in it (row / field), and what was expected."""

    def __init__(self, file, message: str, *, where: str | None = None):
        self.file = rel(file) if file is not None else None
        self.where = where
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.where) if p]
        return f"{': '.join(parts)}: {self.message}" if parts else self.message


def run_stage(main: Callable[[], None]) -> None:
    """Run a stage's main function; turn an InputError into one clear message and exit code 2."""
    try:
        main()
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(EXIT_INPUT_ERROR)
