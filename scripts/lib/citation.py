"""Citation metadata shared by the `citation` stage and `scripts.cut_version`: reading CITATION.cff, telling a
placeholder address from a real one, and the BibTeX entry a reader pastes into a bibliography.

The BibTeX entry follows what ``cffconvert -f bibtex`` reads from a CFF file (author, title, doi,
``date-released`` → year and month, and the first of ``identifiers`` of type url, ``repository``,
``repository-artifact``, ``repository-code``, ``url`` → url) and adds the ``version``, which cffconvert
leaves out. cffconvert itself cannot be installed beside frictionless (see tests/test_release.py), so the
mapping is kept here and tested on the CFF fields.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import yaml

from .errors import InputError

# Where a URL would go while the package has no public address (README, the BibTeX entry).
NO_PUBLIC_ADDRESS = (
    "No public address yet: the package has not been published. Cite the version and the git commit "
    "(git rev-parse HEAD) of the copy you used."
)
RESERVED_DOMAINS = ("example.org", "example.com", "example.net")  # RFC 2606; also any *.example host


class _NoDates(yaml.SafeLoader):
    """Safe YAML that keeps dates as the text written (CFF dates are strings)."""


_NoDates.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_citation(path: Path) -> dict:
    if not path.exists():
        raise InputError(path, "file not found")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDates)
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not data.get("authors"):
        raise InputError(path, "expected a CFF mapping with authors", where="authors")
    return data


def is_placeholder(url: str | None) -> bool:
    """True for no address, or one on a reserved example domain (RFC 2606)."""
    host = (urlparse(url or "").hostname or "").lower()
    return not host or host.endswith(".example") or any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS)


def citation_url(citation: dict) -> str:
    """The address a converter would cite (cffconvert's order); "" when there is none."""
    for identifier in citation.get("identifiers") or []:
        if identifier.get("type") == "url":
            return str(identifier["value"])
    for key in ("repository", "repository-artifact", "repository-code", "url"):
        if citation.get(key):
            return str(citation[key])
    return ""


def _author(author: dict) -> str:
    if "name" in author:
        return "{" + str(author["name"]) + "}"  # an entity: braces keep BibTeX from splitting the name
    particles = " ".join(str(author[k]) for k in ("name-particle", "family-names") if author.get(k))
    return ", ".join(p for p in (particles, str(author.get("given-names", ""))) if p)


def bibtex(citation: dict, key: str = "") -> str:
    """A BibTeX @misc entry for the package: author, title, version, year and month (when released), url (or,
    with no public address, a note that says so), doi."""
    version = str(citation.get("version", ""))
    key = key or "ice_detainers_" + version.replace(".", "_")
    fields = [
        ("author", " and ".join(_author(a) for a in citation["authors"])),
        ("title", "{" + str(citation["title"]) + "}"),
        ("version", version),
    ]
    released = str(citation.get("date-released", "") or "")
    if released:
        fields += [("year", released[:4]), ("month", released[5:7].lstrip("0"))]
    url = citation_url(citation)
    if url and not is_placeholder(url):
        fields.append(("url", url))
    else:
        fields.append(("note", NO_PUBLIC_ADDRESS))
    if citation.get("doi"):
        fields.append(("doi", str(citation["doi"])))
    body = ",\n".join(f"  {name:<8}= {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}\n"
