"""Cut a version: write its number, its release date and the package's public address everywhere a citation
reads them, so that the tag you then create is citable.

    python -m scripts.cut_version 0.1.0 --date 2026-12-01 --url https://github.com/<owner>/<repo>

Edits, in place and nothing else:
  validation/package.yaml  `version:`; `homepage:` (replacing the `# homepage:` line that says there is none)
  CITATION.cff             `version:`, `date-released:`, `url:`
  .zenodo.json             `version`, `publication_date`
  CHANGELOG.md             the release heading: `## [X.Y.Z] - not yet tagged` becomes `## [X.Y.Z] - DATE`; a new
                           version gets its heading under `## [Unreleased]`, taking the entries listed there
Then: `dvc repro` (datapackage.json, docs/dataset.jsonld and docs/citation.bib follow), commit, and
`git tag vX.Y.Z` (README "Getting a specific version"). The date is the tag's date, given by hand: the build
has no clock.

Refused (exit 2, nothing written): a version that is not MAJOR.MINOR.PATCH, lower than the current one, or
already released; a date that is not YYYY-MM-DD; an address that is missing, not http(s) or on a reserved
example domain. A version cannot be cut without a public address: a citation without one cannot be followed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

from scripts.lib.citation import is_placeholder
from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import atomic_write_text
from scripts.lib.paths import ROOT

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
RELEASE_HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (.+)$", re.M)
UNRELEASED = "## [Unreleased]\n"


def _semver(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split("."))


def _set_line(text: str, pattern: str, line: str, path: Path, *, after: str | None = None) -> str:
    """Replace the line matching ``pattern``; if there is none, insert ``line`` after the line matching
    ``after``."""
    rx = re.compile(pattern, re.M)
    if rx.search(text):
        return rx.sub(lambda _: line, text, count=1)
    if after is None or not re.search(after, text, re.M):
        raise InputError(path, f"no line matching {pattern!r} to replace")
    anchor = re.search(after, text, re.M)
    assert anchor is not None
    end = text.index("\n", anchor.end()) + 1
    return text[:end] + line + "\n" + text[end:]


def check_arguments(version: str, when: str, url: str, current: str, changelog: str, changelog_path: Path) -> None:
    if not SEMVER.match(version):
        raise InputError(None, f"version {version!r} is not MAJOR.MINOR.PATCH")
    try:
        date.fromisoformat(when)
    except ValueError:
        raise InputError(None, f"date {when!r} is not a calendar date YYYY-MM-DD") from None
    if not re.match(r"^https?://", url or "") or is_placeholder(url):
        raise InputError(None, f"--url {url!r} is not a public http(s) address (reserved example domains refused)")
    if _semver(version) < _semver(current):
        raise InputError(None, f"version {version} is lower than the current version {current}")
    for number, note in RELEASE_HEADING.findall(changelog):
        if number == version and re.fullmatch(r"\d{4}-\d{2}-\d{2}", note.strip()):
            raise InputError(changelog_path, f"version {version} was already released on {note.strip()}")


def changelog_with_release(text: str, version: str, when: str, path: Path) -> str:
    prepared = re.search(rf"^## \[{re.escape(version)}\] - (?!\d{{4}}-\d{{2}}-\d{{2}}$).*$", text, re.M)
    if prepared:
        return text[: prepared.start()] + f"## [{version}] - {when}" + text[prepared.end() :]
    if UNRELEASED not in text:
        raise InputError(path, f"no '## [{version}]' heading and no '## [Unreleased]' section to release")
    return text.replace(UNRELEASED, f"{UNRELEASED}\n## [{version}] - {when}\n", 1)


def cut_version(version: str, when: str, url: str, root: Path = ROOT) -> list[Path]:
    """Edit the release files of the repository at ``root``; returns the files written."""
    package_path, citation_path = root / "validation" / "package.yaml", root / "CITATION.cff"
    zenodo_path, changelog_path = root / ".zenodo.json", root / "CHANGELOG.md"
    package, citation = package_path.read_text(encoding="utf-8"), citation_path.read_text(encoding="utf-8")
    zenodo, changelog = json.loads(zenodo_path.read_text(encoding="utf-8")), changelog_path.read_text(encoding="utf-8")
    current = re.search(r"^version: *(\S+)", citation, re.M)
    if not current:
        raise InputError(citation_path, "no `version:` line")
    check_arguments(version, when, url, current.group(1), changelog, changelog_path)

    package = _set_line(package, r"^version: .*$", f"version: {version}", package_path)
    package = _set_line(package, r"^#? ?homepage:.*$", f"homepage: {url}", package_path, after=r"^version: .*$")
    citation = _set_line(citation, r"^version: .*$", f"version: {version}", citation_path)
    citation = _set_line(
        citation, r"^date-released: .*$", f'date-released: "{when}"', citation_path, after="^version: "
    )
    citation = _set_line(citation, r"^#? ?url:.*$", f"url: {url}", citation_path, after="^date-released: ")
    zenodo.update({"version": version, "publication_date": when})
    changelog = changelog_with_release(changelog, version, when, changelog_path)

    out = {
        package_path: package,
        citation_path: citation,
        zenodo_path: json.dumps(zenodo, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        changelog_path: changelog,
    }
    for path, text in out.items():
        atomic_write_text(path, text)
    return list(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m scripts.cut_version", description=__doc__.split("\n\n")[0])
    ap.add_argument("version", help="the version to cut, e.g. 0.1.0")
    ap.add_argument("--date", required=True, help="release date YYYY-MM-DD (the tag's date)")
    ap.add_argument("--url", required=True, help="the package's public address (its repository)")
    ap.add_argument("--repo", type=Path, default=ROOT, help="repository root (default: this one)")
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)
    written = cut_version(args.version, args.date, args.url, Path(args.repo))
    print("wrote " + ", ".join(p.relative_to(args.repo).as_posix() for p in written))
    print(f"next: dvc repro; git commit -am 'Release v{args.version}'; git tag v{args.version}")


if __name__ == "__main__":
    run_stage(main)
