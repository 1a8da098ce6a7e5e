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
# The verdict and every reason behind it are in the table below the chart.

# %% tags=["parameters"]
data_dir = "../data/processed"
figure_dpi = 100
label_chars = 70

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
    ),
)
claims = h.read_table(data_dir, "claims", required=("claim_id", "article_id"))
articles = h.read_table(data_dir, "articles", required=("article_id", "headline", "outlet"))
jurisdictions = h.read_table(data_dir, "jurisdictions", required=("jurisdiction_id", "name"))
assert set(checks["claim_id"]) == set(claims["claim_id"]), "claim_checks must hold exactly one row per claim"

VERDICT_COLORS = {
    "consistent": "#2e7d32",
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
order = list(VERDICT_COLORS)
plot = checks.assign(v_rank=checks["verdict"].map({v: i for i, v in enumerate(order)}).fillna(len(order)))
plot = plot.sort_values(["v_rank", "article_id", "start" if "start" in plot.columns else "claim_id", "claim_id"])
plot = plot[plot["claim_value"].notna()].reset_index(drop=True)
no_value = len(checks) - len(plot)


def label(r):
    where = names.get(r["jurisdiction_id"], "national") if "jurisdiction_id" in r else ""
    quote = textwrap.shorten(" ".join(r["exact"].split()), label_chars, placeholder="…")
    return f"{where}: “{quote}”"


fig_h = max(2.5, 0.42 * len(plot) + 1.4)
fig, ax = plt.subplots(figsize=(10, fig_h))
y = np.arange(len(plot))[::-1]
for yi, (_, r) in zip(y, plot.iterrows()):
    c = VERDICT_COLORS.get(r["verdict"], "black")
    note = f"claimed {h.n(r['claim_value'])}"
    right = r["claim_value"]
    if pd.notna(r["stat_value"]):
        stat = max(r["stat_value"], 0.5)  # a statistic of 0 sits at the left edge of the log axis
        right = max(right, stat)
        ax.plot([r["claim_value"], stat], [yi, yi], color=c, lw=1, alpha=0.6)
        ax.scatter([stat], [yi], s=110, facecolors="none", edgecolors=c, linewidths=1.5, zorder=5)
        period = f"{r['stat_period_start']}..{r['stat_period_end']}" if "stat_period_start" in r else ""
        note += f" · statistic {h.n(r['stat_value'])} ({r['stat_metric']}, {period})"
    else:
        note += " · no statistic"
    ax.scatter([r["claim_value"]], [yi], s=36, color=c, zorder=4)
    ax.annotate(note, (right, yi), xytext=(10, 0), textcoords="offset points", va="center", fontsize=7, color=c)
ax.set_yticks(y)
ax.set_yticklabels([label(r) for _, r in plot.iterrows()], fontsize=7)
ax.set_xscale("log")
lo, hi = ax.get_xlim()
ax.set_xlim(lo / 1.5, hi * 3000)  # room for the notes on the right
ax.set_xticks([10.0**k for k in range(int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi))) + 1)])
ax.minorticks_off()
ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
ax.set_xlabel("Value (log scale): ● claimed   ○ matched statistic")
for v in order:
    if v in set(plot["verdict"]):
        ax.scatter([], [], color=VERDICT_COLORS[v], label=v.replace("_", " "))
ax.legend(
    frameon=False,
    fontsize=7,
    loc="upper left",
    bbox_to_anchor=(0, -0.22),
    ncols=len(order),
    title="verdict",
    title_fontsize=7,
)
ax.set_title(f"{len(plot)} article claims and the statistics they were checked against", fontsize=10)
h.show_figure(fig, "claim_checks.png", figure_dpi)
if no_value:
    h.md(f"{no_value} claim(s) state no number and are not drawn; they are in the table below.")

# %% [markdown]
# ## Every check, with its reasons

# %%
table = checks.assign(jurisdiction=checks["jurisdiction_id"].map(names).fillna("national"))
cols = [
    "claim_id",
    "jurisdiction",
    "metric",
    "qualifier",
    "claim_value",
    "stat_id",
    "stat_metric",
    "stat_value",
    "stat_source_id",
    "verdict",
    "reasons",
]
with pd.option_context("display.max_colwidth", None):
    display(table.sort_values(["verdict", "claim_id"])[cols].reset_index(drop=True))
