"""Open the validation report (reports/validation/index.html, written by the validate stage) from disk in
headless Chromium, with the network disabled, and save a PNG screenshot.

    python -m scripts.screenshot_data_docs [--page validations/sources.html] [--out reports/validation/screenshot.png]

Needs a Chromium binary (`chromium`, `chromium-browser`, `google-chrome`, or the CHROMIUM environment
variable); on Debian/Ubuntu: `apt-get update && apt-get install -y chromium`. Not a DVC stage: the
screenshot is a check that the report renders offline, not a published output.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.lib.errors import InputError, run_stage
from scripts.lib.paths import REPORTS, rel

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    env = os.environ.get("CHROMIUM")
    if env:
        return env if shutil.which(env) or Path(env).is_file() else None
    return next((p for p in map(shutil.which, CANDIDATES) if p), None)


def screenshot(page: Path, out: Path, *, width: int = 1400, height: int = 1000, chromium: str | None = None) -> Path:
    """Render ``page`` (a local HTML file) to ``out`` (PNG) with every network request refused."""
    chromium = chromium or find_chromium()
    if not chromium:
        raise InputError(None, "Chromium not found; install it (apt-get install -y chromium) or set CHROMIUM")
    if not page.is_file():
        raise InputError(page, "not found; run `python -m scripts.validate` first")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            # no network: every host resolves nowhere, so a page that needs a CDN shows it
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            f"--screenshot={out.resolve()}",
            page.resolve().as_uri(),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        raise InputError(
            page, f"Chromium could not render the page (exit {proc.returncode}): {proc.stderr.strip()[-500:]}"
        )
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page", default="index.html", help="page under reports/validation/ (default index.html)")
    ap.add_argument(
        "--out",
        type=Path,
        default=REPORTS / "validation-screenshot.png",
        help="PNG to write (default reports/validation-screenshot.png)",
    )
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=1000)
    args = ap.parse_args(argv)
    out = screenshot(REPORTS / "validation" / args.page, args.out, width=args.width, height=args.height)
    print(f"screenshot: {rel(out)}")


if __name__ == "__main__":
    try:
        run_stage(main)
    except subprocess.TimeoutExpired:
        print("error: Chromium timed out", file=sys.stderr)
        sys.exit(2)
