"""The notebooks and the `report` stage: every notebook executes on the published tables, shows the
figures the issue asks for, states only numbers it computed, and two runs give byte-identical outputs.

The expected numbers are recomputed here from the raw snapshots (not from the processed tables), so a
wrong join or filter in the pipeline or in a notebook shows up as a failure.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml

from scripts import report
from scripts.lib.paths import PROCESSED, RAW, ROOT

NPR = RAW / "statistics" / "npr-ice-detainers-2007-2015"
MN = RAW / "statistics" / "mn-ddp-detainers-2022-2026"
EXPECTED_FIGURES = {
    "01_national_detainers": ["national_detainers_by_month.png"],
    "02_facility_declines": ["declines_by_facility.png"],
    "03_minnesota_detainers": ["minnesota_detainers_by_month.png"],
    "04_claim_checks": ["claim_checks.png"],
    "05_agreements_287g": ["agreements_287g.png"],
    "06_lesa_jail_arrests": ["lesa_jail_arrests.png"],
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RUNNER = {"cell_timeout_s": 600, "notebooks_at_once": 1}  # the stage's own parameters, for the tiny notebooks
pytestmark = pytest.mark.enable_socket  # the kernel talks to this process over loopback ZMQ


def params() -> dict:
    return yaml.safe_load((ROOT / "params.yaml").read_text())["report"]


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def markdown_outputs(nb) -> str:
    return "\n".join(
        o["data"]["text/markdown"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    )


def png_chunks(data: bytes) -> list[bytes]:
    assert data.startswith(PNG_SIGNATURE)
    i, kinds = len(PNG_SIGNATURE), []
    while i < len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        kinds.append(data[i + 4 : i + 8])
        i += 12 + length
    return kinds


# --- static checks ------------------------------------------------------------------------------------


def test_notebooks_are_jupytext_percent_files_with_parameters():
    paths = report.notebook_paths()
    assert [p.stem for p in paths] == sorted(EXPECTED_FIGURES)
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert "format_name: percent" in text and "# %%" in text, path
        nb = jupytext.read(path, fmt="py:percent")
        assert {"data_dir", "figure_dpi"} <= set(report.parameter_names(nb, path)), path


def test_notebooks_read_only_published_tables():
    for path in report.notebook_paths():
        text = path.read_text(encoding="utf-8")
        assert "data/raw" not in text and "data/interim" not in text and "data/hand" not in text, path
        assert "read_csv" not in text and "open(" not in text, f"{path}: read tables through nbhelpers.read_table"
        for table in re.findall(r'read_table\(\s*data_dir,\s*"([a-z0-9_]+)"', text):
            assert (PROCESSED / f"{table}.csv").exists() or table in DESIGN_TABLES, (path, table)


DESIGN_TABLES = {
    "sources",
    "articles",
    "quotes",
    "claims",
    "entities",
    "jurisdictions",
    "facilities",
    "detainer_statistics",
    "sanctuary_policies",
    "agreements_287g",
    "claim_checks",
}


def test_markdown_cells_hold_no_hard_coded_numbers():
    """Every number in the prose is computed: the notebooks' Markdown cells contain no digits."""
    for path in report.notebook_paths():
        nb = jupytext.read(path, fmt="py:percent")
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                # names are not figures: the 287(g) programme, `code` such as table names
                text = re.sub(r"`[^`]*`", "", cell.source).replace("287(g)", "")
                assert not re.search(r"\d", text), f"{path.name} cell {i} has a hard-coded number: {cell.source!r}"


def test_every_report_parameter_is_used():
    used = set().union(
        *(report.parameter_names(jupytext.read(p, fmt="py:percent"), p) for p in report.notebook_paths())
    )
    assert set(params()) - report.STAGE_KEYS <= used


def test_parameters_are_injected_after_the_parameters_cell():
    path = report.notebook_paths()[0]
    nb, used = report.load_notebook(path, {"figure_dpi": 7, "not_a_parameter": 1})
    assert used == {"figure_dpi"}
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    at = next(i for i, t in enumerate(tags) if "parameters" in t)
    assert tags[at + 1] == ["injected-parameters"] and nb.cells[at + 1].source.endswith("figure_dpi = 7")
    assert [c.id for c in nb.cells] == [f"01-national-detainers-{i:03d}" for i in range(len(nb.cells))]


def test_a_failing_notebook_names_the_cell_and_keeps_old_reports(tmp_path):
    bad = tmp_path / "nb" / "99_bad.py"
    bad.parent.mkdir()
    bad.write_text("# %% [markdown]\n# Bad\n\n# %%\nx = 1\n\n# %%\nraise ValueError('boom')\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("old")
    with pytest.raises(report.InputError, match=r"cell 2.*ValueError: boom"):
        report.build(RUNNER, out_dir=out, notebooks=[bad])
    assert (out / "old.txt").read_text() == "old"


def dvc_stages() -> dict:
    return yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]


def _names(items) -> list[str]:
    return [next(iter(i)) if isinstance(i, dict) else i for i in items or []]


def test_the_report_stage_depends_on_exactly_what_the_notebooks_read():
    """The `report` stage depends on the tables the notebooks read (and no other), the notebooks, the helpers,
    the runner with the scripts.lib modules it imports, and the `report` parameters; it outputs every
    notebook's files, each kept when a run fails."""
    stages = dvc_stages()
    assert not [s for s in stages if s.startswith("report_")]
    st = stages["report"]
    assert st["cmd"] == "python -m scripts.report"
    deps = set(_names(st["deps"]))
    paths = report.notebook_paths()
    tables = {
        f"data/processed/{t}.csv"
        for path in paths
        for t in re.findall(r'read_table\(\s*data_dir,\s*"([a-z0-9_]+)"', path.read_text(encoding="utf-8"))
    }
    assert {d for d in deps if d.startswith("data/")} == tables
    notebooks = {f"notebooks/{p.stem}.py" for p in paths}
    lib = runner_lib_modules("scripts.report")
    assert deps - tables == notebooks | {"notebooks/nbhelpers.py", "scripts/report.py"} | lib
    assert st["params"] == ["report"]
    outs = _names(st["outs"])
    for stem, figs in EXPECTED_FIGURES.items():
        mine = [f"reports/notebooks/{stem}.ipynb", f"reports/notebooks/{stem}.html"] + [
            f"reports/notebooks/figures/{f}" for f in figs
        ]
        at = outs.index(mine[0])
        assert outs[at : at + len(mine)] == mine, stem
    assert len(outs) == sum(2 + len(f) for f in EXPECTED_FIGURES.values())
    assert all(next(iter(o.values())).get("persist") for o in st["outs"]), "a failed run keeps the old outputs"
    # published like data/processed: in git, not in DVC's cache, so a fresh clone has them and skips the stage
    assert all(next(iter(o.values())).get("cache") is False for o in st["outs"])
    tracked = subprocess.run(
        ["git", "ls-files", "reports/notebooks"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert sorted(tracked) == sorted(outs)


def runner_lib_modules(module: str) -> set[str]:
    """The scripts/lib files a stage module imports (what its DVC stage must depend on)."""
    code = f"import sys, {module}; print(' '.join(sorted(m for m in sys.modules if m.startswith('scripts.lib'))))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return {("scripts/lib/__init__.py" if m == "scripts.lib" else m.replace(".", "/") + ".py") for m in out.split()}


def _fig_notebook(path: Path, *cells: str) -> Path:
    """A tiny notebook that shows one-pixel PNGs tagged as figures, like nbhelpers.show_figure."""
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
        b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    head = f"# %%\nfrom IPython.display import Image, display\npng = {png!r}\n"
    path.write_text(head + "".join(f"\n# %%\n{c}\n" for c in cells))
    return path


def test_one_notebook_replaces_only_its_own_files(tmp_path):
    nb_dir, out = tmp_path / "nb", tmp_path / "out"
    nb_dir.mkdir()
    other = _fig_notebook(
        nb_dir / "97_other.py", "display(Image(data=png, format='png'), metadata={'figure': 'b.png'})"
    )
    assert report.build_one(RUNNER, other, out_dir=out) == ["b.png"]
    mine = _fig_notebook(nb_dir / "98_mine.py", "display(Image(data=png, format='png'), metadata={'figure': 'a.png'})")
    assert report.build_one(RUNNER, mine, out_dir=out) == ["a.png"]
    theirs = {k: v for k, v in digest_tree(out).items() if "97_other" in k or k == "figures/b.png"}
    assert set(digest_tree(out)) == set(theirs) | {"98_mine.ipynb", "98_mine.html", "figures/a.png"}

    # a failing run changes nothing; a renamed figure replaces the old one
    before = digest_tree(out)
    _fig_notebook(mine, "raise ValueError('boom')")
    with pytest.raises(report.InputError, match=r"ValueError: boom"):
        report.build_one(RUNNER, mine, out_dir=out)
    assert digest_tree(out) == before
    _fig_notebook(mine, "display(Image(data=png, format='png'), metadata={'figure': 'c.png'})")
    report.build_one(RUNNER, mine, out_dir=out)
    assert "figures/a.png" not in digest_tree(out) and "figures/c.png" in digest_tree(out)
    assert {k: v for k, v in digest_tree(out).items() if k in theirs} == theirs
    with pytest.raises(report.InputError, match=r"no notebook\(s\) \['99_none'\]"):
        report.select_notebooks(["99_none"], folder=nb_dir)


# --- executing every notebook ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "notebooks"
    figures = report.build(params(), out_dir=out)
    return out, figures


def test_report_executes_every_notebook_and_writes_its_figures(built):
    out, figures = built
    assert figures == EXPECTED_FIGURES
    for stem, names in EXPECTED_FIGURES.items():
        nb = nbformat.read(out / f"{stem}.ipynb", as_version=4)
        nbformat.validate(nb)
        assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        html = (out / f"{stem}.html").read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and f"<title>{stem}</title>" in html
        for name in names:
            png = (out / "figures" / name).read_bytes()
            kinds = png_chunks(png)
            assert b"tEXt" not in kinds and b"tIME" not in kinds, f"{name} carries text or time metadata"
            embedded = [
                o for c in nb.cells for o in c.get("outputs", []) if o.get("metadata", {}).get("figure") == name
            ]
            assert len(embedded) == 1


def test_outputs_hold_no_machine_state(built):
    out, _ = built
    for path in out.rglob("*"):
        if path.suffix in (".ipynb", ".html"):
            text = path.read_text(encoding="utf-8")
            assert str(ROOT) not in text and str(out) not in text, f"{path.name} holds an absolute path"
            assert '"execution"' not in text and "iopub" not in text
    nb = json.loads((out / "01_national_detainers.ipynb").read_text())
    assert set(nb["metadata"]) == {"kernelspec", "language_info"}


def test_one_notebook_run_gives_the_bytes_of_the_full_build(built, tmp_path):
    """`scripts.report --notebook NAME` (one notebook by hand): the same files as the full build (where the
    notebooks ran side by side), the others untouched."""
    out, _ = built
    copy = tmp_path / "notebooks"
    shutil.copytree(out, copy)
    assert report.build_one(params(), report.NOTEBOOKS / "04_claim_checks.py", out_dir=copy) == ["claim_checks.png"]
    assert digest_tree(copy) == digest_tree(out)


def test_report_outputs_are_byte_identical_between_runs(built, tmp_path, monkeypatch):
    out, _ = built
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    monkeypatch.setenv("PYTHONHASHSEED", "123")
    again = tmp_path / "notebooks"
    report.build(params(), out_dir=again)
    first, second = digest_tree(out), digest_tree(again)
    assert first.keys() == second.keys()
    assert {k for k in first if first[k] != second[k]} == set()


# --- the numbers in the prose, recomputed from the raw snapshots ---------------------------------------------


def read_raw(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def prose(built, stem: str) -> str:
    out, _ = built
    return markdown_outputs(nbformat.read(out / f"{stem}.ipynb", as_version=4))


def test_national_prose_matches_npr_monthly_file(built):
    rows = read_raw(NPR / "detainers_by_year_and_month.csv")
    counts = {r["year_month"]: int(r["count"]) for r in rows}
    total = sum(counts.values())
    assert total == 1_814_828  # PROVENANCE.md
    text = prose(built, "01_national_detainers")
    assert f"**{total:,}** detainers in all" in text
    full = {k: v for k, v in counts.items() if k != "2015-07"}  # July 2015 ends on the 19th
    peak = max(full, key=full.get)
    assert f"with **{full[peak]:,}**" in text
    yearly = {r["year"]: int(r["count"]) for r in read_raw(NPR / "detainers_by_year.csv")}
    assert f"**{len(yearly)} of the {len(yearly)}**" in text  # every NPR year reconciles with its months


def test_facility_prose_matches_npr_declines_file(built):
    with open(NPR / "declined_vs_everythingelse.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    text = prose(built, "02_facility_declines")
    for facility in params()["facilities"]:
        declined = sum(int(r[4]) for r in rows if r[1] == facility["name"] and r[2] == facility["city"])
        assert declined > 0
        line = next(ln for ln in text.splitlines() if f"**{facility['name']}**" in ln)
        assert f"**{declined:,}** declines recorded" in line, line


def test_minnesota_prose_matches_mn_monthly_file(built):
    rows = read_raw(MN / "mn_detainers_by_month.csv")
    counts = {r["month_year"]: int(r["count"]) for r in rows}
    text = prose(built, "03_minnesota_detainers")
    assert f"**{sum(counts.values()):,}** detainers over {len(counts)} monthly rows" in text
    fy2024 = sum(v for k, v in counts.items() if "2023-10" <= k <= "2024-09")
    assert f"FY2024 **{fy2024:,}**" in text
    full = {k: v for k, v in counts.items() if k != "2026-03"}  # data end 2026-03-10
    assert f"with **{max(full.values()):,}**" in text and "March 2026" in text


def test_claim_check_prose_counts_every_verdict(built):
    checks = read_raw(PROCESSED / "claim_checks.csv")
    text = prose(built, "04_claim_checks")
    assert f"**{len(checks)}** claims" in text
    for verdict in {r["verdict"] for r in checks}:
        n = sum(r["verdict"] == verdict for r in checks)
        assert f"{verdict.replace('_', ' ')} **{n}**" in text


def test_287g_prose_counts_the_latest_list(built):
    import openpyxl

    book = openpyxl.load_workbook(
        RAW / "statistics" / "ice-287g-participating-agencies-2025" / "participatingAgencies07182025pm.xlsx",
        read_only=True,
    )
    rows = [r for r in book.worksheets[0].iter_rows(min_row=2, values_only=True) if any(v not in (None, "") for v in r)]
    florida = sum(str(r[0]).strip().upper() in ("FL", "FLORIDA") for r in rows)
    assert (len(rows), florida) == (832, 309)  # PROVENANCE.md
    text = prose(built, "05_agreements_287g")
    assert "ICE's list of 2025-07-18 holds **832** agreements" in text
    assert f"Florida ({florida}," in text


# --- issue 15.6: the 287(g) agency count, recomputed independently ---------------------------------------


def test_287g_agencies_are_counted_by_name_and_state_with_apostrophes_made_alike(built):
    """ICE's list of 2025-07-18 names 685 agencies: a name counts once per state (six states have a "Franklin
    County Sheriff's Office"), and a curly and a straight apostrophe are the same name (690 without that)."""
    import openpyxl

    book = openpyxl.load_workbook(
        RAW / "statistics" / "ice-287g-participating-agencies-2025" / "participatingAgencies07182025pm.xlsx",
        read_only=True,
    )
    rows = [r for r in book.worksheets[0].iter_rows(min_row=2, values_only=True) if any(v not in (None, "") for v in r)]
    by_name = {str(r[1]).strip() for r in rows}
    by_name_and_state = {(str(r[0]).strip().upper(), str(r[1]).strip()) for r in rows}
    straight = {(state, re.sub(r"\s+", " ", name.replace("\u2019", "'"))) for state, name in by_name_and_state}
    assert (len(by_name), len(by_name_and_state), len(straight)) == (628, 690, 685)
    text = prose(built, "05_agreements_287g")
    assert f"agreements with **{len(straight):,}** agencies" in text


# --- issue 15.7: what the figures say (nbhelpers.figure_record, kept in each figure's output metadata) -------


def figure_records(built, stem: str) -> dict[str, dict]:
    out, _ = built
    nb = nbformat.read(out / f"{stem}.ipynb", as_version=4)
    return {
        o["metadata"]["figure"]: o["metadata"]["figure_record"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("metadata", {}).get("figure")
    }


def test_figures_name_their_sources_by_title_never_by_id(built):
    sources = read_raw(PROCESSED / "sources.csv")
    ids = {r["source_id"] for r in sources}
    title = {r["source_id"]: r["title"] for r in sources}
    for stem in EXPECTED_FIGURES:
        for name, record in figure_records(built, stem).items():
            text = "\n".join(record["texts"])
            assert not sorted(i for i in ids if i in text), f"{name} shows an internal source id"
            assert "Source: " in text, f"{name} has no source line"
    national = "\n".join(figure_records(built, "01_national_detainers")["national_detainers_by_month.png"]["texts"])
    main = title["npr-ice-detainers-2007-2015--detainers-by-year-and-month"]
    assert main in national.split("\n")  # the legend entry of the monthly line is the source's title


def test_lines_never_join_across_a_missing_year_and_no_row_is_not_zero(built):
    """Franklin County Jail (Columbus) has rows in NPR's facility file for 2009 and 2012-2015 only: its lines
    have a gap (None) in 2007-2008 and 2010-2011 instead of joining 2009 to 2012, and those years are marked
    as having no row, unlike a year whose value is drawn (and labelled) even when it is small."""
    with open(NPR / "declined_vs_everythingelse.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    with_row = {int(r[0]) for r in rows if r[1] == "FRANKLIN COUNTY JAIL" and r[2] == "COLUMBUS"}
    assert with_row == {2009, 2012, 2013, 2014, 2015}
    record = figure_records(built, "02_facility_declines")["declines_by_facility.png"]
    franklin = next(ax for ax in record["axes"] if ax["title"].startswith("FRANKLIN COUNTY JAIL"))
    years = list(range(2007, 2016))
    assert franklin["lines"], "the other series of the facility is drawn as a line"
    for label, line in franklin["lines"].items():
        assert line["x"] == [float(y) for y in years], label
        drawn = {int(x) for x, y in zip(line["x"], line["y"]) if y is not None}
        assert drawn == with_row, label
    no_row = {int(x) for x, _ in franklin["markers"]["no row for the year"]}
    assert no_row == set(years) - with_row


def test_claim_checks_figure_shows_every_claim_in_full_and_uses_its_width(built):
    record = figure_records(built, "04_claim_checks")["claim_checks.png"]
    shown = " ".join(t.replace("\n", " ") for t in record["texts"])
    assert "…" not in shown
    valued = [r for r in read_raw(PROCESSED / "claim_checks.csv") if r["claim_value"]]
    drawn = [r for r in valued if " ".join(r["exact"].split()) in shown]
    # every claim with a value, in full; a corpus larger than the chart: as many as it holds (the rest are in
    # the table below it, which the notebook says)
    assert len(drawn) >= min(len(valued), params()["claim_chart_rows"])
    (values_axes,) = [ax for ax in record["axes"] if ax["xscale"] == "log"]
    lo, hi = values_axes["xlim"]
    largest = max(float(r[c]) for r in drawn for c in ("claim_value", "stat_value") if r[c])
    # the largest value sits in the right part of the axis, not in the middle of an empty canvas
    assert (math.log(largest) - math.log(lo)) / (math.log(hi) - math.log(lo)) > 0.75


def test_287g_figure_says_pending_agreements_are_not_counted(built):
    record = figure_records(built, "05_agreements_287g")["agreements_287g.png"]
    pending = [r for r in read_raw(PROCESSED / "agreements_287g.csv") if r["list"] == "pending"]
    latest = max(r["snapshot_date"] for r in pending)
    n = sum(r["snapshot_date"] == latest for r in pending)
    titles = [ax["title"] for ax in record["axes"]]
    assert f"signed agreements only; the {n} pending requests of {latest} are not counted" in titles[0]
    assert "pending requests not counted" in titles[1]


# --- notebooks run from any working directory inside the repository ------------------------------------------
@pytest.mark.parametrize("cwd", ["", "notebooks", "data/raw"])
def test_notebook_finds_its_helpers_and_tables_from_any_working_directory(cwd):
    """The cells before the first plot (parameters, the nbhelpers search, the imports and the first table
    read) run from the repository root, notebooks/ and a folder deeper in the tree, as Jupyter or a script
    might start them: no `No module named 'nbhelpers'`, and the default data_dir finds the published tables."""
    nb = jupytext.read(ROOT / "notebooks/01_national_detainers.py", fmt="py:percent")
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    finder = next(src for src in code if "nbhelpers.py" in src)
    for path in sorted((ROOT / "notebooks").glob(report.NOTEBOOK_GLOB)):  # the same search in every notebook
        other = jupytext.read(path, fmt="py:percent")
        assert finder in [c.source for c in other.cells if c.cell_type == "code"], path.name
    read = 'print(len(h.read_table(data_dir, "sources", required=("source_id",))))'
    program = "\n".join([code[0], finder, "import nbhelpers as h", read])
    out = subprocess.run([sys.executable, "-c", program], cwd=ROOT / cwd, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    published = (ROOT / "data/processed/sources.csv").read_text(encoding="utf-8").count("\n") - 1
    assert int(out.stdout) == published


def test_claim_checks_chart_draws_a_claimed_zero_and_caps_its_rows(tmp_path):
    """An explicit zero ("none were honored", value 0) cannot sit on a log axis: it is drawn at the left edge,
    like a statistic of 0; and a corpus with more claims than `claim_chart_rows` draws that many and says
    how many more are in the table (500 articles give >10,000 claims, a figure no one could draw)."""
    data = tmp_path / "processed"
    shutil.copytree(PROCESSED, data)
    seed = "washex-2020-01-ice-sanctuary-campaign"
    for table in ("articles", "claims"):  # the seed alone, whatever else a user added
        with (data / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            keep, fields = [r for r in reader if r["article_id"] == seed], list(reader.fieldnames or [])
        with (data / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(keep)
    path = data / "claim_checks.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["article_id"] == seed]
    assert [r["claim_value"] for r in rows] == ["9", "29", "1000"]  # the seed's three claims (only them here)
    rows[1]["claim_value"] = "0"  # the 29, matched to a statistic: drawn first (the unverifiable 9 is not drawn)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    out = tmp_path / "notebooks"
    run = dict(params(), data_dir=str(data), claim_chart_rows=2)
    assert report.build_one(run, report.NOTEBOOKS / "04_claim_checks.py", out_dir=out) == ["claim_checks.png"]
    nb = nbformat.read(out / "04_claim_checks.ipynb", as_version=4)
    assert "1 more claim(s) are not drawn (the chart holds 2)" in markdown_outputs(nb)
    (record,) = [
        o["metadata"]["figure_record"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("metadata", {}).get("figure")
    ]
    (values_axes,) = [ax for ax in record["axes"] if ax["xscale"] == "log"]
    assert values_axes["xlim"][0] > 0
