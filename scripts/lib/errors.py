"""One kind of error for bad input, and one way to report it.

Every stage runs under :func:`run_stage`: an :class:`InputError` becomes a single line on stderr that
names the file, the row or field, and what was expected, and exit status 2; a full disk or an unwritable
output becomes one line saying what to do, and exit status 3 (validate uses 1 for a package that fails
validation). Stages write only into the staging area, atomically (see :mod:`scripts.lib.io` and
:mod:`scripts.lib.paths`), so nothing published changes when this happens.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable

from .paths import rel

EXIT_INPUT_ERROR = 2
EXIT_ENVIRONMENT_ERROR = 3


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


# What the machine refused (not the input): one line saying what to do, exit status 3.
ENVIRONMENT_ERRORS = {
    errno.ENOSPC: "free some space and run the command again",
    errno.EDQUOT: "free some space (disk quota) and run the command again",
    errno.EROFS: "run the build in a writable copy of the repository",
    errno.EACCES: "make the repository's files and folders yours and writable (chmod -R u+w) and run it again",
    errno.EPERM: "make the repository's files and folders yours and writable and run it again",
}


def one_line(text: str) -> str:
    return " ".join(str(text).splitlines())


def run_stage(main: Callable[[], None]) -> None:
    """Run a stage's main function. An InputError becomes one clear message and exit code 2; a full
    disk, a read-only or unwritable output becomes one line saying what to do and exit code 3. Either way
    nothing published has changed: stages write only into the staging area, atomically, and publish
    writes nothing before all its files are ready."""
    try:
        main()
    except InputError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        sys.exit(EXIT_INPUT_ERROR)
    except OSError as exc:
        advice = ENVIRONMENT_ERRORS.get(exc.errno or -1)
        if advice is None:
            raise
        target = rel(exc.filename) if exc.filename else "(file not named by the system)"
        print(f"error: {target}: {exc.strerror}; {advice} (nothing published was changed)", file=sys.stderr)
        sys.exit(EXIT_ENVIRONMENT_ERROR)
