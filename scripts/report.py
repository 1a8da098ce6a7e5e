"""Stage report: execute the notebooks and publish them with their figures.

Every numbered notebook `notebooks/NN_<name>.py` (jupytext py:percent) is executed in a Python kernel with the
working directory notebooks/ (so a notebook opened in Jupyter behaves the same): `notebooks_at_once` kernels,
each running its share of the notebooks one after another and reset between them (RESET_KERNEL: a clean
namespace, counts from 1), so that pandas and matplotlib are imported once per kernel, not once per notebook.
Parameters come from the `report` block of params.yaml: each key whose name a notebook assigns in its cell tagged
`parameters` is injected after that cell, as papermill does, in a cell tagged
`injected-parameters`; `cell_timeout_s` and `notebooks_at_once` are this stage's own. Outputs, in reports/notebooks/:

    <name>.ipynb          the executed notebook
    <name>.html           its HTML export (nbconvert, lab template)
    figures/<figure>.png  every image a notebook shows with nbhelpers.show_figure (output metadata
                          `figure`), byte-identical to the image inside the notebook

Determinism (the outputs are DVC outs, hashed into dvc.lock): cell ids are derived from the notebook
name and position, execution timing is not recorded, notebook metadata is reduced to kernelspec and
language_info, the kernel runs with PYTHONHASHSEED=0, TZ=UTC and a C.UTF-8 locale, and figures are
PNGs with a fixed dpi and no software/date metadata. Nothing holds a clock, a path of this machine or
a random id, so two runs give identical bytes.

Two ways to run it:

    python -m scripts.report                              every notebook: what the DVC stage `report` runs;
                                                          `notebooks_at_once` kernels side by side (asyncio)
    python -m scripts.report --notebook 04_claim_checks   one notebook (repeatable); it replaces only that
                                                          notebook's files (its .ipynb, .html and figures)

A failing cell stops the run with the notebook, the cell and the error, and the previous outputs stay:
nothing is written before every notebook of the run has run. A notebook is published figures first, then
the HTML, then the .ipynb (each file atomically); the published .ipynb names its figures (output metadata
`figure`), which is how a later run knows which figure files are its own (to drop a renamed one). Two
notebooks may not publish the same figure name (checked before anything is written).
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import base64
import os
import tempfile
from pathlib import Path

import jupytext
import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import atomic_write_bytes, atomic_write_text
from scripts.lib.params import params_for
from scripts.lib.paths import REPORTS, ROOT

NOTEBOOKS = ROOT / "notebooks"
OUT = REPORTS / "notebooks"
NOTEBOOK_GLOB = "[0-9][0-9]_*.py"
STAGE_KEYS = {"cell_timeout_s", "notebooks_at_once"}  # params of this stage, not of the notebooks
KERNEL = "python3"
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "TZ": "UTC",
    "LC_ALL": "C.UTF-8",
    "LANG": "C.UTF-8",
    "MPLBACKEND": "Agg",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
}  # no __pycache__ inside the notebooks/ dependency
KEEP_NB_METADATA = ("kernelspec", "language_info")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL}


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    paths = sorted(folder.glob(NOTEBOOK_GLOB))
    if not paths:
        raise InputError(folder, f"no notebooks matching {NOTEBOOK_GLOB}")
    return paths


def parameter_names(nb, path: Path) -> list[str]:
    """The names assigned in the cell tagged `parameters` (none if the notebook has no such cell)."""
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) > 1:
        raise InputError(path, "more than one cell tagged 'parameters'")
    if not cells:
        return []
    try:
        tree = ast.parse(cells[0].source)
    except SyntaxError as exc:
        raise InputError(path, f"parameters cell is not valid Python: {exc.msg}", where=f"line {exc.lineno}") from None
    return [
        t.id
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(t, ast.Name)
    ]


def load_notebook(path: Path, params: dict):
    """The notebook of a py:percent file, with stable cell ids and the parameters injected."""
    nb = jupytext.read(path, fmt="py:percent")
    names = parameter_names(nb, path)
    given = {k: params[k] for k in names if k in params}
    if given:
        at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", []))
        src = "# Parameters (params.yaml, block `report`)\n" + "".join(f"{k} = {v!r}\n" for k, v in given.items())
        nb.cells.insert(at + 1, nbformat.v4.new_code_cell(src.rstrip("\n"), metadata={"tags": ["injected-parameters"]}))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{path.stem.replace('_', '-')}-{i:03d}"[:64]
    nb.metadata = nbformat.NotebookNode({"kernelspec": KERNELSPEC})
    return nb, set(given)


# Run in a kernel between two notebooks (not recorded in either): the next notebook starts as in a fresh kernel,
# with an empty namespace (IPython's %reset: user names, In/Out history), execution counts from 1, no open figure,
# the working directory of the notebook and sys.path without the duplicates the path cell of each notebook adds.
# Imported modules stay loaded (pandas, matplotlib, nbhelpers): that is the start-up this saves. Every notebook sets
# its matplotlib style itself (nbhelpers.setup); tests/test_notebooks.py checks that a notebook run alone in a fresh
# kernel gives the bytes of the full build.
RESET_KERNEL = """\
import os as _os, sys as _sys
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
_sys.path[:] = list(dict.fromkeys(_sys.path))
_os.chdir({cwd!r})
get_ipython().run_line_magic("reset", "-f")
get_ipython().execution_count = 1
"""


async def reset_kernel(kc, cwd: Path, timeout: int) -> None:
    reply = await kc.execute_interactive(
        RESET_KERNEL.format(cwd=str(cwd)), store_history=False, allow_stdin=False, timeout=timeout, output_hook=_quiet
    )
    if reply["content"].get("status") != "ok":
        raise RuntimeError(f"resetting the kernel failed: {reply['content'].get('evalue', '')}")


def _quiet(msg) -> None:
    pass


async def execute(nb, path: Path, timeout: int, km: AsyncKernelManager):
    """Run every cell of nb in the kernel of km (started here if it is not running: environment KERNEL_ENV,
    working directory the notebook's); returns the kernel client, still connected."""
    env = {**os.environ, **KERNEL_ENV}
    client = NotebookClient(
        nb,
        km=km,
        timeout=timeout,
        kernel_name=KERNEL,
        record_timing=False,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        await client.async_execute(env=env)
    except CellExecutionError as exc:
        failed = next(
            (
                i
                for i, c in enumerate(nb.cells)
                if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))
            ),
            None,
        )
        err: dict = next((o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"), {})
        raise InputError(
            path,
            f"{err.get('ename', 'error')}: {err.get('evalue', str(exc).splitlines()[-1])}",
            where=f"cell {failed}" if failed is not None else None,
        ) from None
    return client.kc


async def run_in_one_kernel(paths: list[Path], params: dict, timeout: int) -> list:
    """Execute the notebooks one after another in one kernel, reset between them (RESET_KERNEL); the result of
    each (executed notebook JSON, HTML, {figure: PNG bytes}, parameters used). The kernel is shut down at the end,
    or at the first failure."""
    results = []
    exports = []
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        # IPC (Unix-socket) transport: the kernel needs no TCP, not even loopback, so the report
        # builds inside a network namespace without interfaces
        km = AsyncKernelManager(kernel_name=KERNEL, transport="ipc", ip=os.path.join(sockets, "k"))
        kc = None
        try:
            for path in paths:
                nb, used = load_notebook(path, params)
                if kc is not None:
                    await reset_kernel(kc, path.parent, timeout)
                    kc.stop_channels()
                kc = await execute(nb, path, timeout, km)
                clean(nb)
                nbformat.validate(nb)
                # the HTML export of this notebook runs while the next one executes
                exports.append(asyncio.create_task(asyncio.to_thread(to_html, nb, path.stem)))
                results.append((nb, path, used))
            htmls = await asyncio.gather(*exports)
        finally:
            if kc is not None:
                kc.stop_channels()
            # nbclient leaves a kernel it was handed running; shut it down here, or it outlives this
            # process and prints "[IPKernelApp] WARNING | Parent appears to have exited, shutting down."
            if km.has_kernel:
                await km.shutdown_kernel()
    return [
        (nbformat.writes(nb) + "\n", html, figures(nb, path), used)
        for (nb, path, used), html in zip(results, htmls, strict=True)
    ]


def clean(nb) -> None:
    """Keep only what is the same on every run: no timing, no kernel or machine state."""
    nb.metadata = nbformat.NotebookNode({k: nb.metadata[k] for k in KEEP_NB_METADATA if k in nb.metadata})
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            out.pop("transient", None)


def figures(nb, path: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("figure")
            if not name:
                continue
            if not name.endswith(".png") or "/" in name or name in found:
                raise InputError(path, f"figure name {name!r} must be a unique file name ending in .png")
            found[name] = base64.b64decode(out["data"]["image/png"])
    return found


def to_html(nb, name: str) -> str:
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(nb, resources={"metadata": {"name": name}})
    return html


async def _run_all(paths: list[Path], params: dict, at_once: int) -> list:
    """`at_once` kernels side by side, each running every at_once-th notebook (a fixed share, whatever the
    timing); the results in the order of paths."""
    lanes = [paths[i::at_once] for i in range(min(at_once, len(paths)))]
    done = await asyncio.gather(*(run_in_one_kernel(lane, params, params["cell_timeout_s"]) for lane in lanes))
    by_path = {p: r for lane, rs in zip(lanes, done, strict=True) for p, r in zip(lane, rs, strict=True)}
    return [by_path[p] for p in paths]


def run_notebooks(paths: list[Path], params: dict) -> list:
    """Execute the notebooks in `notebooks_at_once` kernels; the results in the order of paths.
    The first failure stops the run: nothing has been published yet."""
    return asyncio.run(_run_all(paths, params, params["notebooks_at_once"]))


def build(params: dict, out_dir: Path = OUT, notebooks: list[Path] | None = None) -> dict[str, list[str]]:
    """Execute every notebook (or the given ones), `notebooks_at_once` at a time; when all have run, publish
    each. Returns {notebook: [figures]}."""
    paths = notebooks or notebook_paths()
    if notebooks is None:
        used = set().union(*(load_notebook(p, params)[1] for p in paths))
        unused = sorted(set(params) - used - STAGE_KEYS)
        if unused:
            raise InputError(
                ROOT / "params.yaml",
                f"report parameters {unused} are used by no notebook "
                "(a notebook uses a parameter by assigning it in its cell tagged 'parameters')",
                where="report",
            )
    results = run_notebooks(paths, params)
    built: dict[str, list[str]] = {}
    for path, (_, _, figs, _) in zip(paths, results, strict=True):
        clash = sorted(set(figs) & {f for other in built.values() for f in other})
        if clash:  # also refused by DVC: two stages cannot declare the same output
            raise InputError(path, f"figure names {clash} are already used by another notebook")
        built[path.stem] = sorted(figs)
    for path, result in zip(paths, results, strict=True):
        publish(path, result, out_dir)
    return built


def published_figures(ipynb: Path) -> set[str]:
    """The figure files a published notebook owns: the `figure` names of its image outputs."""
    if not ipynb.is_file():
        return set()
    nb = nbformat.read(ipynb, as_version=4)
    return {
        o["metadata"]["figure"] for c in nb.cells for o in c.get("outputs", []) if o.get("metadata", {}).get("figure")
    }


def select_notebooks(names: list[str], folder: Path = NOTEBOOKS) -> list[Path]:
    """The notebook files for names given as `04_claim_checks` or `04_claim_checks.py`, in run order."""
    paths = {p.stem: p for p in notebook_paths(folder)}
    unknown = sorted({n.removesuffix(".py") for n in names} - set(paths))
    if unknown:
        raise InputError(folder, f"no notebook(s) {unknown}; known: {sorted(paths)}")
    wanted = {n.removesuffix(".py") for n in names}
    return [p for stem, p in paths.items() if stem in wanted]


def publish(path: Path, result, out_dir: Path = OUT) -> list[str]:
    """Replace only this notebook's files in out_dir by its result (run_in_one_kernel). Returns its figure names."""
    ipynb, html, figs, _ = result
    before = published_figures(out_dir / f"{path.stem}.ipynb")
    for name, png in sorted(figs.items()):
        atomic_write_bytes(out_dir / "figures" / name, png)
    atomic_write_text(out_dir / f"{path.stem}.html", html)
    atomic_write_text(out_dir / f"{path.stem}.ipynb", ipynb)
    for name in sorted(before - set(figs)):  # a figure this notebook no longer draws
        (out_dir / "figures" / name).unlink(missing_ok=True)
    return sorted(figs)


def build_one(params: dict, path: Path, out_dir: Path = OUT) -> list[str]:
    """Execute one notebook, then replace only its files in out_dir. Returns its figure names."""
    return publish(path, run_notebooks([path], params)[0], out_dir)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--notebook",
        action="append",
        dest="notebooks",
        metavar="NAME",
        help="run only this notebook (e.g. 04_claim_checks; repeatable); default: all of them",
    )
    args = ap.parse_args(argv)
    params = params_for("report")
    if args.notebooks:
        built = build(params, notebooks=select_notebooks(args.notebooks))
    else:
        built = build(params)
    for stem, figs in built.items():
        print(f"{stem}: {len(figs)} figure(s): {', '.join(figs)}")


if __name__ == "__main__":
    run_stage(main)
