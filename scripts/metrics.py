"""Stage metrics: a few headline figures per metrics file, for `dvc metrics show` and `dvc metrics diff`.

Every stage that measures something writes all of it to metrics/details/<name>.json (in the staging
area, scripts/lib/paths.METRICS; published as plain files, not DVC metrics). This stage picks the few
figures a reader checks first, declared below in HEADLINES as {headline key: dotted path into the
details}, and writes them to metrics/<name>.json, which dvc.yaml declares as the DVC metrics: one short
row per file instead of hundreds of columns.

A details file without a headline declaration, a declaration without its details file, a path that
names no value, or a value that is not a number, a boolean or a short string stops the stage (exit 2),
so a renamed figure is noticed here rather than shown as a blank column.
"""

from __future__ import annotations

import json

from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import write_json
from scripts.lib.paths import HEADLINE_METRICS, METRICS

HEADLINES: dict[str, dict[str, str]] = {
    "claim_checks": {"claims": "total.n_claims", "claims_matched": "total.n_matched"},
    "extraction": {
        "claims_f1": "claims.strict_tuple.f1",
        "quotes_f1": "quotes.span_exact.f1",
        "speaker_accuracy": "quotes.speaker_accuracy",
    },
    "lesa": {"records": "records"},
    "policies": {"sanctuary_policies": "sanctuary_policies", "agreements_287g": "agreements_287g"},
    "statistics": {
        "statistics_rows": "statistics_rows",
        "facilities": "facilities",
        "share_declines_placed": "npr_share_declines_matched",
    },
    "validation": {
        "valid": "valid",
        "expectations_failed": "totals.failed",
        "frictionless_errors": "totals.frictionless_errors",
    },
}


def value_at(details: dict, dotted: str, path) -> bool | int | float | str:
    node = details
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise InputError(path, f"no value at {dotted!r} for the headline (scripts/metrics.py HEADLINES)")
        node = node[part]
    if not isinstance(node, (bool, int, float, str)) or (isinstance(node, str) and len(node) > 40):
        raise InputError(path, f"the headline value at {dotted!r} is not a number, boolean or short string")
    return node


def headline(name: str, details: dict, path) -> dict:
    return {key: value_at(details, dotted, path) for key, dotted in HEADLINES[name].items()}


def main() -> None:
    found = {p.stem: p for p in sorted(METRICS.glob("*.json"))}
    missing = sorted(set(HEADLINES) - set(found))
    if missing:
        raise InputError(METRICS, f"no details file for the headline(s) {missing}; run `dvc repro`")
    undeclared = sorted(set(found) - set(HEADLINES))
    if undeclared:
        raise InputError(METRICS, f"details file(s) {undeclared} have no headline: add them to HEADLINES")
    for name, path in found.items():
        try:
            details = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(path, f"not valid JSON ({exc})") from None
        write_json(HEADLINE_METRICS / f"{name}.json", headline(name, details, path))
    print(f"metrics: headlines of {len(found)} files")


if __name__ == "__main__":
    run_stage(main)
