"""The whole pipeline from a clean clone: `dvc repro` rebuilds the committed tables byte for byte, under
different TZ / locale / hash seeds and without network, and a second `dvc repro` runs nothing.

Clone a runs `dvc repro` as a user would (`make repro`): the staging area is not in git, so every stage runs
except `publish`, whose inputs then match dvc.lock, and `report`, whose inputs (the published tables) and outputs
(the executed notebooks) are committed. Clone b runs `dvc repro --force` under other TZ / locale /
hash seed, so every stage, `publish` included, is rebuilt there; the tests assert both.

These are the slow tests (a few minutes): they clone HEAD, so they test what is committed.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT, VENV_BIN, stage_env, tree_digest

pytestmark = pytest.mark.slow

PUBLISHED = ["data/processed", "datapackage.json", "dvc.lock", "metrics", "docs/codebook.md", "reports/notebooks"]


def can_unshare_network() -> bool:
    return (
        shutil.which("unshare") is not None
        and subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0
    )


def sh(cmd: list[str], cwd, **env) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=stage_env(**env), capture_output=True, text=True, timeout=1800)


def published_digest(repo) -> dict[str, bytes]:
    out = {}
    for item in PUBLISHED:
        p = repo / item
        if p.is_dir():
            out.update({f"{item}/{k}": v for k, v in tree_digest(p).items()})
        elif p.exists():
            out[item] = p.read_bytes()
    return out


def stages_run(output: str) -> set[str]:
    """The stages a `dvc repro` ran, from its "Running stage 'x':" lines."""
    return set(re.findall(r"^Running stage '([^']+)':", output, flags=re.M))


@pytest.fixture(scope="module")
def clone_builds(tmp_path_factory):
    """Two fresh clones of HEAD, each rebuilt in a different environment: {name: (repo, dvc output)}."""
    base = tmp_path_factory.mktemp("clones")
    envs = {
        "a": dict(TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8", PYTHONHASHSEED="0"),
        "b": dict(TZ="Pacific/Kiritimati", LC_ALL="C", LANG="C", PYTHONHASHSEED="4242"),
    }
    builds = {}
    for name, env in envs.items():
        repo = base / name
        subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
        cmd = [str(VENV_BIN / "dvc"), "repro"] + (["--force"] if name == "b" else [])
        if name == "b" and can_unshare_network():
            cmd = ["unshare", "-rn", *cmd]  # no network at all for the second build
        r = sh(cmd, repo, **env)
        assert r.returncode == 0, f"dvc repro failed in clone {name}:\n{r.stdout[-4000:]}\n{r.stderr[-4000:]}"
        builds[name] = (repo, r.stdout)
    return builds


@pytest.fixture(scope="module")
def clean_clones(clone_builds):
    return {name: repo for name, (repo, _) in clone_builds.items()}


def test_every_stage_was_rebuilt(clone_builds):
    """The determinism comparison below covers every stage: clone b (`--force`) ran all of them, clone a
    (a plain `dvc repro`, as `make repro`) all but `publish`, whose staged inputs equal the committed ones, and
    `report`, whose inputs are the committed tables and whose outputs are committed too. So clone b's notebooks,
    run afresh, are compared with the committed ones."""
    stages = set(yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"])
    ran_a, ran_b = (stages_run(out) for _, out in (clone_builds["a"], clone_builds["b"]))
    assert sorted(stages - ran_b) == []
    assert sorted(stages - ran_a) == ["publish", "report"]


def test_clean_clone_rebuilds_committed_bytes(clean_clones):
    committed = (
        published_digest(ROOT)
        if not subprocess.run(
            ["git", "status", "--porcelain", *PUBLISHED], cwd=ROOT, capture_output=True, text=True
        ).stdout
        else None
    )
    a = published_digest(clean_clones["a"])
    assert a, "nothing published"
    # the clone's own committed files are unchanged by the rebuild: git status is clean
    st = sh(["git", "status", "--porcelain"], clean_clones["a"])
    assert st.stdout == "", f"rebuild changed committed files:\n{st.stdout}"
    if committed is not None:
        assert set(a) == set(committed)


def test_two_builds_are_byte_identical_across_tz_locale_hashseed(clean_clones):
    a, b = (published_digest(clean_clones[k]) for k in ("a", "b"))
    differing = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    assert not differing, f"files differ between builds: {differing}"
    ra, rb = (tree_digest(clean_clones[k] / "reports") for k in ("a", "b"))
    assert ra.keys() == rb.keys()
    assert [k for k in ra if ra[k] != rb[k]] == []


def test_dvc_status_clean_and_second_repro_runs_nothing(clean_clones):
    repo = clean_clones["a"]
    st = sh([str(VENV_BIN / "dvc"), "status"], repo)
    assert st.returncode == 0 and "changed" not in st.stdout, st.stdout
    again = sh([str(VENV_BIN / "dvc"), "repro"], repo)
    assert again.returncode == 0, again.stderr
    assert "Running stage" not in again.stdout, again.stdout


def test_flipped_raw_byte_fails_repro_and_keeps_outputs(clean_clones, tmp_path):
    repo = tmp_path / "tampered"
    shutil.copytree(clean_clones["a"], repo, symlinks=True)
    before = published_digest(repo)
    target = repo / "data/raw/reference/census-reference/co-est2019-alldata.csv"
    data = bytearray(target.read_bytes())
    data[1000] ^= 0x20
    target.write_bytes(bytes(data))
    r = sh([str(VENV_BIN / "dvc"), "repro"], repo)
    assert r.returncode != 0
    assert "data/raw/reference/census-reference/co-est2019-alldata.csv" in (r.stdout + r.stderr)
    assert "sha256 mismatch" in (r.stdout + r.stderr)
    assert published_digest(repo) == before


def test_second_build_ran_without_network(clean_clones):
    """The clone-b build above runs inside `unshare -rn` (a network namespace without interfaces)."""
    if not can_unshare_network():
        pytest.skip("unshare -rn is not permitted on this machine: the no-network build was not run")
    assert (clean_clones["b"] / "data/processed/claim_checks.csv").exists()


def test_added_article_flows_through_dvc_repro_without_code_change(clean_clones, tmp_path):
    """The README's "Adding an article": add_article, then `dvc repro`; the article's claims and their checks
    appear, with no code, dvc.yaml or annotation change, and the statistics stages do not re-run."""
    import pandas as pd
    import yaml

    repo = tmp_path / "added"
    shutil.copytree(clean_clones["a"], repo, symlinks=True)
    fixture = ROOT / "tests/fixtures/articles/fixture-butler-sheriff-2019"
    meta = yaml.safe_load(fixture.with_suffix(".yaml").read_text())
    add = sh(
        [
            str(VENV_BIN / "python"),
            "-m",
            "scripts.add_article",
            "--id",
            "butler-sheriff-2019",
            "--text",
            str(fixture.with_suffix(".txt")),
            "--headline",
            meta["headline"],
            "--outlet",
            meta["outlet"],
            "--url",
            meta["url"],
            "--published",
            meta["published"],
            "--accessed",
            meta["accessed"],
        ],
        repo,
    )
    assert add.returncode == 0, add.stderr
    r = sh([str(VENV_BIN / "dvc"), "repro"], repo)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    ran = {line.split("'")[1] for line in r.stdout.splitlines() if line.startswith("Running stage")}
    assert {"articles", "extract", "check_claims", "validate"} <= ran
    assert not ran & {"jurisdictions", "statistics", "policies"}, ran
    read = lambda t: pd.read_csv(repo / f"data/processed/{t}.csv", dtype=str, keep_default_na=False)
    claims = read("claims")
    mine = claims[claims["article_id"] == "butler-sheriff-2019"].set_index("value")
    assert mine.loc["312", ["jurisdiction_id", "metric", "method"]].tolist() == ["39017", "detainers_honored", "rule"]
    checks = read("claim_checks")
    assert sorted(checks["claim_id"]) == sorted(claims["claim_id"])  # exactly one check per claim
    assert "butler-sheriff-2019" in set(read("articles")["article_id"])
