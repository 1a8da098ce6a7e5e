"""The `citation` stage: schema.org Dataset JSON-LD (docs/dataset.jsonld) from datapackage.json, and the
package's BibTeX entry (docs/citation.bib) from CITATION.cff.

Search engines and data catalogues read this file. It is generated, never edited: the dataset's name,
description, version, licences, keywords and one DataDownload per table (with its byte size and
sha256) come from datapackage.json; who to credit (creator), the sources the package is built on
(isBasedOn), the release date and the DOI, once there is one, come from CITATION.cff. Each table's
fields are listed under variableMeasured as `table.field` with their descriptions.

A DataDownload's contentUrl is the table's path relative to this file (docs/), so it resolves
wherever the repository tree is served. Placeholder addresses on the reserved example domains
(RFC 2606: example.org, example.com, example.net, *.example) are never published as the dataset's
url. The BibTeX entry (scripts/lib/citation.py) carries the version, the year of `date-released` once a
version is cut, and the package's address, or, while it has none, a note saying so.
"""

from __future__ import annotations

import json
import posixpath
import re

from scripts.lib import citation as lib_citation
from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import atomic_write_text
from scripts.lib.paths import DATAPACKAGE, GENERATED_DOCS, ROOT

PACKAGE = DATAPACKAGE  # staged (scripts/lib/paths.py); the publish stage copies both files to the root
CITATION = ROOT / "CITATION.cff"
OUT = GENERATED_DOCS / "dataset.jsonld"
OUT_BIBTEX = GENERATED_DOCS / "citation.bib"
OUT_DIR_FROM_ROOT = "docs"
SPATIAL_COVERAGE = "United States"

LICENSE_URLS = {  # SPDX id -> canonical URL, for licences named without a path
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "MIT": "https://opensource.org/licenses/MIT",
    "ODC-BY-1.0": "https://opendatacommons.org/licenses/by/1-0/",
}


def load_citation(path=CITATION) -> dict:
    return lib_citation.load_citation(path)


def load_package(path=PACKAGE) -> dict:
    if not path.exists():
        raise InputError(path, "file not found (run the package stage first)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg}", where=f"line {exc.lineno}") from None
    for f in ("title", "version", "resources"):
        if not data.get(f):
            raise InputError(path, f"datapackage lacks {f!r}", where=f)
    return data


def cff_agent(author: dict) -> dict:
    """A CFF person or entity as a schema.org Person or Organization."""
    if "name" in author:
        agent = {"@type": "Organization", "name": author["name"]}
    else:
        given, family = author.get("given-names", ""), author.get("family-names", "")
        agent = {"@type": "Person", "name": " ".join(p for p in (given, family) if p)}
        if given:
            agent["givenName"] = given
        if family:
            agent["familyName"] = family
    if author.get("orcid"):
        agent["identifier"] = author["orcid"]
    return agent


def licence_urls(package: dict) -> list[str]:
    urls = []
    for lic in package.get("licenses", []):
        url = lic.get("path") or LICENSE_URLS.get(lic.get("name", ""))
        if url and url not in urls:
            urls.append(url)
    return urls


def sha256_of(resource: dict) -> str | None:
    h = str(resource.get("hash", ""))
    if h.startswith("sha256:"):
        h = h[len("sha256:") :]
    return h if re.fullmatch(r"[0-9a-f]{64}", h) else None


def distribution(resource: dict) -> dict:
    path = resource.get("path")
    path = str(path[0] if isinstance(path, list) else path)
    d = {"@type": "DataDownload", "name": resource.get("name") or posixpath.basename(path)}
    if resource.get("title"):
        d["description"] = resource["title"]
    d["encodingFormat"] = resource.get("mediatype") or "text/csv"
    d["contentUrl"] = posixpath.relpath(path, OUT_DIR_FROM_ROOT)
    if resource.get("bytes") is not None:
        d["contentSize"] = f"{int(resource['bytes'])} B"
    if sha256_of(resource):
        d["sha256"] = sha256_of(resource)
    return d


def variables(resource: dict) -> list[dict]:
    schema = resource.get("schema")
    if not isinstance(schema, dict):
        return []
    out = []
    for f in schema.get("fields", []):
        v = {"@type": "PropertyValue", "name": f"{resource.get('name')}.{f['name']}"}
        if f.get("description"):
            v["description"] = " ".join(str(f["description"]).split())
        out.append(v)
    return out


def based_on(citation: dict) -> list[dict]:
    out = []
    for ref in citation.get("references", []):
        work = {"@type": "Dataset" if ref.get("type") == "data" else "CreativeWork", "name": ref["title"]}
        url = ref.get("url") or ref.get("repository-code")
        if url:
            work["url"] = url
        work["creator"] = [cff_agent(a) for a in ref.get("authors", [])]
        out.append(work)
    return out


def build_jsonld(package: dict, citation: dict) -> dict:
    doc = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": package["title"],
        "alternateName": package.get("name"),
        "description": " ".join(str(package.get("description") or citation.get("abstract", "")).split()),
        "version": str(package["version"]),
        "creator": [cff_agent(a) for a in citation["authors"]],
        "license": licence_urls(package),
        "keywords": list(package.get("keywords") or citation.get("keywords") or []),
        "isAccessibleForFree": True,
        "spatialCoverage": {"@type": "Place", "name": SPATIAL_COVERAGE},
    }
    url = lib_citation.citation_url(citation) or package.get("homepage")
    if url and not lib_citation.is_placeholder(url):
        doc["url"] = url
    if citation.get("doi"):
        doc["identifier"] = f"https://doi.org/{citation['doi']}"
    if citation.get("date-released"):
        doc["datePublished"] = str(citation["date-released"])
    if citation.get("message"):
        doc["creditText"] = " ".join(str(citation["message"]).split())
    doc["isBasedOn"] = based_on(citation)
    resources = sorted(package["resources"], key=lambda r: str(r.get("name")))
    doc["distribution"] = [distribution(r) for r in resources]
    doc["variableMeasured"] = [v for r in resources for v in variables(r)]
    return {k: v for k, v in doc.items() if v not in (None, "", [])}


def check_versions(package: dict, citation: dict) -> None:
    if str(citation.get("version")) != str(package["version"]):
        raise InputError(
            CITATION,
            f"version {citation.get('version')!r} differs from datapackage.json "
            f"version {package['version']!r}; release both together",
            where="version",
        )


def main() -> None:
    package, citation = load_package(), load_citation()
    check_versions(package, citation)
    doc = build_jsonld(package, citation)
    atomic_write_text(OUT, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    atomic_write_text(OUT_BIBTEX, lib_citation.bibtex(citation))


if __name__ == "__main__":
    run_stage(main)
