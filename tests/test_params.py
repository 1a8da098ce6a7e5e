"""params.yaml is parsed into checked dataclasses (scripts/lib/params.py): an unknown or missing key, or a
value of the wrong type or range, stops the stage with one line naming the key and what was expected
(exit 2), and no published or staged byte changes."""

from __future__ import annotations

import copy
import dataclasses

import pytest
import yaml

from conftest import ROOT, STAGED, published_files, run_module, tree_digest
from scripts.lib import params as P
from scripts.lib.errors import InputError


def test_params_yaml_parses_for_every_stage():
    P.check_all()
    sections = yaml.safe_load((ROOT / "params.yaml").read_text())
    assert set(sections) == set(P.STAGES)
    assert P.stage_params("statistics").fuzzy_facility_min_score == 90
    assert P.stage_params("extract").place_min_population == 50000
    assert P.stage_params("report").facilities[0] == P.FacilityName(name="COOK COUNTY JAIL", city="CHICAGO")


def test_every_parameter_dvc_yaml_tracks_is_declared():
    """A `params:` entry of a stage in dvc.yaml names a declared parameter (a renamed one would make DVC
    track nothing)."""
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    for name, spec in stages.items():
        for entry in spec.get("params") or []:
            section, _, key = str(entry).partition(".")
            assert section in P.STAGES, (name, entry)
            if key:
                assert key in {f.name for f in dataclasses.fields(P.STAGES[section])}, (name, entry)


def _section(stage: str) -> dict:
    return copy.deepcopy(yaml.safe_load((ROOT / "params.yaml").read_text())[stage])


@pytest.mark.parametrize(
    "stage, change, message",
    [
        ("statistics", {"fuzzy_facility_min_score": "ninety"}, "fuzzy_facility_min_score: expected a number >= 0"),
        ("statistics", {"fuzzy_facility_min_score": 101}, "expected a number >= 0 and <= 100, got 101"),
        ("statistics", {"fuzzy_facility_min_score": True}, "expected a number"),
        ("extract", {"place_min_population": "50k"}, "place_min_population: expected a whole number >= 0, got '50k'"),
        ("extract", {"use_gold": "yes"}, "extract.use_gold: expected true or false, got 'yes'"),
        ("validate", {"run_time": "yesterday"}, "validate.run_time: expected an ISO 8601 date-time"),
        ("validate", {"run_time": "2026-01-01T00:00:00"}, "with a UTC offset"),
        ("report", {"figure_dpi": "high"}, "report.figure_dpi: expected a whole number >= 20 and <= 1200"),
        ("jurisdictions", {"required_places": ["3651000", 1714000]}, "required_places[1]: expected a text"),
        ("check_claims", {"bound_max_factor": 0.5}, "bound_max_factor: expected a number >= 1 or null"),
        ("check_claims", {"score": {"metric": {"same": 1}}}, "check_claims.score.metric.comparable: missing"),
        ("statistics", {"fuzzy_min_score": 90}, "statistics.fuzzy_min_score: unknown parameter"),
    ],
)
def test_a_bad_parameter_is_named_with_what_was_expected(stage, change, message):
    data = _section(stage)
    data.update(change)
    with pytest.raises(InputError) as exc:
        P.parse(P.STAGES[stage], data, stage)
    assert str(exc.value).startswith("params.yaml: ")
    assert message in str(exc.value)


def test_a_missing_parameter_is_named():
    data = _section("check_claims")
    del data["period_window_days"]
    with pytest.raises(InputError, match=r"check_claims.period_window_days: missing parameter; expected a whole"):
        P.parse(P.CheckClaimsParams, data, "check_claims")


def test_an_optional_key_may_be_left_out():
    data = _section("check_claims")
    data["category_metrics"][0]["as_metric"] = "detainers_declined"
    parsed = P.parse(P.CheckClaimsParams, data, "check_claims")
    assert parsed.category_metrics[0].as_metric == "detainers_declined"
    assert parsed.category_metrics[1].as_metric is None


@pytest.mark.parametrize(
    "stage, module, key, value, message",
    [
        ("statistics", "scripts.statistics", "fuzzy_facility_min_score", "ninety", "expected a number >= 0"),
        ("extract", "scripts.extract", "place_min_population", "50k", "expected a whole number"),
        ("validate", "scripts.validate", "run_time", "yesterday", "expected an ISO 8601 date-time"),
        ("report", "scripts.report", "figure_dpi", "high", "expected a whole number"),
        ("check_claims", "scripts.check_claims", "period_window_dayz", 7, "unknown parameter"),
    ],
)
def test_the_stage_stops_with_one_line_and_changes_nothing(repo_copy, stage, module, key, value, message):
    """The cases of issue #13: each used to be a ValueError traceback (or blamed a notebook cell)."""
    path = repo_copy / "params.yaml"
    data = yaml.safe_load(path.read_text())
    data[stage][key] = value
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))

    def state():
        return {r: (repo_copy / r).read_bytes() for r in published_files(repo_copy)} | tree_digest(repo_copy / STAGED)

    before = state()
    args = ("--notebook", "04_claim_checks") if module == "scripts.report" else ()
    r = run_module(repo_copy, module, *args)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"error: params.yaml: {stage}.{key}: ") and message in r.stderr, r.stderr
    assert len(r.stderr.splitlines()) == 1, r.stderr
    assert state() == before
