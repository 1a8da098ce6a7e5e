"""`dvc metrics show` stays readable: each published metrics/<name>.json holds a few headline figures picked
by the metrics stage (scripts/metrics.py HEADLINES) from metrics/details/<name>.json, which holds everything."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import ROOT
from scripts import metrics
from scripts.lib.errors import InputError

PUBLISHED = ROOT / "metrics"


def test_every_details_file_has_a_short_headline_and_only_those_are_dvc_metrics():
    details = sorted(p.stem for p in (PUBLISHED / "details").glob("*.json"))
    headlines = sorted(p.stem for p in PUBLISHED.glob("*.json"))
    assert details == headlines == sorted(metrics.HEADLINES)
    publish = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]["publish"]
    declared = sorted(next(iter(m)) for m in publish["metrics"])
    assert declared == [f"metrics/{n}.json" for n in headlines]  # details are plain outs, not metrics
    for name in headlines:
        head = json.loads((PUBLISHED / f"{name}.json").read_text())
        assert 1 <= len(head) <= 4, name
        assert all(isinstance(v, (bool, int, float, str)) for v in head.values()), name


def test_headlines_are_the_declared_values_of_the_details():
    stats = json.loads((PUBLISHED / "details/statistics.json").read_text())
    head = json.loads((PUBLISHED / "statistics.json").read_text())
    assert head["statistics_rows"] == stats["statistics_rows"] > 20000
    valid = json.loads((PUBLISHED / "validation.json").read_text())
    assert valid == {"valid": True, "expectations_failed": 0, "frictionless_errors": 0}


def test_a_renamed_figure_stops_the_stage_naming_it():
    with pytest.raises(InputError, match="statistics_rows"):
        metrics.headline("statistics", {"rows": 3, "facilities": 1, "npr_share_declines_matched": 0.5}, "x.json")
    with pytest.raises(InputError, match="not a number"):
        metrics.headline("lesa", {"records": {"a": 1}}, "x.json")
