# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     notebook_metadata_filter: -all
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Article claims against the statistics they were matched to
#
# Every numeric claim read out of a news article (`claims`) was checked against the statistic that
# matched it best (`claim_checks`, rules in docs/claim-checking.md). The chart draws, for each claim,
# the value claimed (a filled marker) and the value of the matched statistic (a hollow marker) on
# one line, coloured by verdict; claims with no statistic to compare show the claimed value only.
# The chart holds at most `claim_chart_rows` claims (params.yaml `report`), matched verdicts first; the
# verdict and every reason behind each claim are in the table below the chart.

# %% tags=["parameters"]
data_dir = "../data/processed"
figure_dpi = 100
label_chars = 70
claim_chart_rows = 120

# %%
# nbhelpers.py sits beside the notebooks: find it from the working directory (notebooks/, the repository
# root or any folder inside the repository), so the notebook runs wherever Jupyter or a script starts it.
import sys
from pathlib import Path

folders = [d for p in (Path.cwd(), *Path.cwd().parents) for d in (p, p / "notebooks")]
sys.path.insert(0, str(next(d for d in folders if (d / "nbhelpers.py").is_file())))

# %%
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display

import nbhelpers as h

h.setup()
checks = h.read_table(
    data_dir,
    "claim_checks",
    numbers=("claim_value", "stat_value", "value_ratio"),
    required=(
        "check_id",
        "claim_id",
        "stat_id",
        "verdict",
        "reasons",
        "exact",
        "metric",
        "qualifier",
        "article_id",
        "stat_metric",
        "stat_source_id",
        "source_id",
    ),
)
claims = h.read_table(data_dir, "claims", required=("claim_id", "article_id"))
articles = h.read_table(data_dir, "articles", required=("article_id", "headline", "outlet"))
jurisdictions = h.read_table(data_dir, "jurisdictions", required=("jurisdiction_id", "name"))
sources = h.read_table(data_dir, "sources", required=("source_id", "title"))
assert set(checks["claim_id"]) == set(claims["claim_id"]), "claim_checks must hold exactly one row per claim"

VERDICT_COLORS = {
    "consistent": "#2e7d32",
    "close": "#9e9d24",
    "overstated": "#c62828",
    "understated": "#1565c0",
    "period_mismatch": "#ef6c00",
    "metric_mismatch": "#6a1b9a",
    "unverifiable": "#757575",
}
checks["verdict"].value_counts().rename_axis("verdict").to_frame("claims")

# %% [markdown]
# ## Verdicts

# %%
counts = checks["verdict"].value_counts()
counts = counts.reindex(
    [v for v in VERDICT_COLORS if v in counts.index] + sorted(set(counts.index) - set(VERDICT_COLORS))
)
matched = checks[checks["stat_id"].ne("")]
ratio = matched["value_ratio"].dropna()
outlets = checks["article_id"].map(articles.set_index("article_id")["outlet"])
text = (
    f"**{len(checks)}** claims from {checks['article_id'].nunique()} article(s) "
    f"({', '.join(sorted(outlets.dropna().unique()))}); **{len(matched)}** were matched to a statistic. "
    "Verdicts: " + ", ".join(f"{v.replace('_', ' ')} **{c}**" for v, c in counts.items()) + "."
)
if not ratio.empty:
    text += (
        f" Where both values are known, the claimed value is between {ratio.min():.2f} and {ratio.max():.2f} "
        f"times the statistic (median {ratio.median():.2f})."
    )
h.md(text)

# %%
names = jurisdictions.set_index("jurisdiction_id")["name"].to_dict()
names.setdefault("US", "United States")
names[""] = "place unknown"
order = list(VERDICT_COLORS)
plot = checks.assign(v_rank=checks["verdict"].map({v: i for i, v in enumerate(order)}).fillna(len(order)))
plot = plot.sort_values(["v_rank", "article_id", "start" if "start" in plot.columns else "claim_id", "claim_id"])
plot = plot[plot["claim_value"].notna()].reset_index(drop=True)
no_value = len(checks) - len(plot)
not_drawn = max(0, len(plot) - claim_chart_rows)  # a large corpus: the chart stays readable (and drawable)
plot = plot.head(claim_chart_rows)


def label(r) -> str:
    """The claim in full (wrapped at label_chars, never cut), then what it was checked against."""
    where = names.get(r["jurisdiction_id"], r["jurisdiction_id"])
    head = textwrap.fill(f"{where}: “{' '.join(r['exact'].split())}”", label_chars)
    if pd.notna(r["stat_value"]):
        note = (
            f"claimed {h.n(r['claim_value'])} · statistic {h.n(r['stat_value'])} ({r['stat_metric']}, "
            f"{r['stat_period_start']}..{r['stat_period_end']}) · {r['verdict'].replace('_', ' ')}"
        )
    else:
        note = f"claimed {h.n(r['claim_value'])} · no statistic · {r['verdict'].replace('_', ' ')}"
    return head + "\n" + textwrap.fill(note, label_chars)


labels = [label(r) for _, r in plot.iterrows()]
lines = np.array([lab.count("\n") + 1 for lab in labels])
# each row is as tall as its label; rows run top to bottom. The labels sit in their own panel on the left,
# left-aligned and never cut; the values use the full width of the panel on the right.
y = -(np.cumsum(lines) - lines / 2)
fig, (text_ax, ax) = plt.subplots(
    1,
    2,
    figsize=(10, max(2.5, 0.16 * lines.sum() + 0.3 * len(lines) + 1.2)),
    sharey=True,
    gridspec_kw={"width_ratios": [0.8, 1.2], "wspace": 0.02},
)
text_ax.axis("off")
for yi, lab, (_, r) in zip(y, labels, plot.iterrows()):
    text_ax.text(0, yi, lab, fontsize=7, va="center", ha="left", color=VERDICT_COLORS.get(r["verdict"], "black"))
values = []
for yi, (_, r) in zip(y, plot.iterrows()):
    c = VERDICT_COLORS.get(r["verdict"], "black")
    if pd.notna(r["stat_value"]):
        stat = max(r["stat_value"], 0.5)  # a statistic of 0 sits at the left edge of the log axis
        values.append(stat)
        ax.plot([max(r["claim_value"], 0.5), stat], [yi, yi], color=c, lw=1, alpha=0.6)
        ax.scatter([stat], [yi], s=110, facecolors="none", edgecolors=c, linewidths=1.5, zorder=5)
    claimed = max(r["claim_value"], 0.5)  # a claimed 0 ("none were honored") also sits at the left edge
    values.append(claimed)
    ax.scatter([claimed], [yi], s=36, color=c, zorder=4)
ax.set_yticks(y)
ax.tick_params(axis="y", left=False, labelleft=False)
ax.set_ylim(y.min() - lines[-1] / 2 - 0.5, 0.5)
ax.set_xscale("log")
lo, hi = min(values) / 2, max(values) * 2
ax.set_xlim(lo, hi)
ax.set_xticks([10.0**k for k in range(int(np.ceil(np.log10(lo))), int(np.floor(np.log10(hi))) + 1)])
ax.minorticks_off()
ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
ax.set_xlabel("Value (log scale): ● claimed   ○ matched statistic")
# no separate legend: each row's label names its verdict, in the verdict's colour
fig.suptitle(f"{len(plot)} article claims and the statistics they were checked against", fontsize=10, x=0, ha="left")
matched_sources = sorted(set(plot["stat_source_id"]) - {""})
fig.supxlabel(
    h.source_line(sources, sorted(set(plot["source_id"]) - {""}) + matched_sources, width=170),
    fontsize=7,
    x=0,
    ha="left",
)
h.show_figure(fig, "claim_checks.png", figure_dpi)
if no_value:
    h.md(f"{no_value} claim(s) state no number and are not drawn; they are in the table below.")
if not_drawn:
    h.md(f"{not_drawn} more claim(s) are not drawn (the chart holds {claim_chart_rows}); they are in the table below.")

# %% [markdown]
# ## Every check, with its reasons

# %%
table = checks.assign(
    jurisdiction=checks["jurisdiction_id"].map(names).fillna(checks["jurisdiction_id"]),
    stat_source=checks["stat_source_id"].map(dict(zip(sources["source_id"], sources["title"]))).fillna(""),
)
cols = [
    "claim_id",
    "jurisdiction",
    "metric",
    "qualifier",
    "claim_value",
    "stat_id",
    "stat_metric",
    "stat_value",
    "stat_source",
    "verdict",
    "reasons",
]
with pd.option_context("display.max_colwidth", None):
    display(table.sort_values(["verdict", "claim_id"])[cols].reset_index(drop=True))
