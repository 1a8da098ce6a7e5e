"""The README stays true to the repository: its pipeline picture is what `dvc dag --md` prints now, its table of
tables names the stage that writes each one, its links resolve, and a newcomer learns to activate the
environment right after the two commands."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT
from scripts import readme_dag

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_pipeline_picture_is_what_dvc_dag_prints():
    assert readme_dag.current(README) == readme_dag.dag_markdown(), "stale picture: run `make readme-dag`"


def test_picture_names_every_stage():
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    block = readme_dag.current(README)
    assert sorted(re.findall(r'node\d+\["([^"]+)"\]', block)) == sorted(stages)


def test_table_of_tables_names_the_stage_that_writes_each_table():
    rows = {}
    for line in README.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and "written by" not in cells[2]:
            for table in re.findall(r"`([a-z0-9_]+)`", cells[0]):
                rows[table] = re.match(r"`([a-z_]+)`", cells[2]).group(1) if cells[2].startswith("`") else ""
    for schema in sorted((ROOT / "validation/schemas").glob("*.yaml")):
        stage = yaml.safe_load(schema.read_text(encoding="utf-8"))["stage"]
        assert rows.get(schema.stem) == stage, f"README: table {schema.stem} is written by {stage}"


def test_environment_activation_comes_right_after_the_two_commands():
    section = README[README.index("## The two commands") :]
    section = section[: section.index("\n## ", 5)]
    assert section.index("make repro") < section.index("make test") < section.index("source .venv/bin/activate")


def test_relative_links_resolve():
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README)
    local = [link for link in links if "://" not in link]
    assert local, "no relative links found"
    missing = [link for link in local if not (ROOT / link).exists()]
    assert not missing, missing
