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
# # 287(g) agreements by state and by signing month
#
# Agreements between ICE and state or local agencies under section 287(g), from the
# `agreements_287g` table: one row per agreement (agency and support model) in each of ICE's published
# lists of participating agencies (pending agreements are counted apart). The lists are snapshots, not
# a history: an agreement that ended before a snapshot is absent from it, so the signing months below
# count the agreements still in force at the latest snapshot.

# %% tags=["parameters"]
data_dir = "../data/processed"
figure_dpi = 100
top_states = 25

# %%
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

import nbhelpers as h

h.setup()
agreements = h.read_table(
    data_dir,
    "agreements_287g",
    dates=("signed_date",),
    required=("agreement_id", "agency", "jurisdiction_id", "support_type", "snapshot_date", "source_id"),
)
jurisdictions = h.read_table(data_dir, "jurisdictions", required=("jurisdiction_id", "name", "level"))
sources = h.read_table(data_dir, "sources", required=("source_id", "title"))
states = jurisdictions[jurisdictions["level"].eq("state")]

# %%
# The state of an agreement: its `state` column (postal code or name) if there is one, else the first two
# digits of its jurisdiction's GEOID; shown by the state's name from the jurisdictions table.
by_abbr = states.set_index("state_abbr")["name"].to_dict() if "state_abbr" in states.columns else {}
by_fips = states.set_index("jurisdiction_id")["name"].to_dict()
state_col = agreements["state"] if "state" in agreements.columns else agreements["jurisdiction_id"].str[:2]
agreements["state_name"] = [by_abbr.get(v, by_fips.get(v, v)) or "(no state)" for v in state_col]
# One agency is a name in a state (six states have a "Franklin County Sheriff's Office"); ICE's lists spell
# some names with a curly apostrophe and some with a straight one, so names are compared with apostrophes
# made straight (nbhelpers.agency_key).
agreements["agency_key"] = agreements["agency"].map(h.agency_key) + " | " + agreements["state_name"]
lists = agreements["list"] if "list" in agreements.columns else pd.Series("participating", index=agreements.index)
pending = agreements[lists.eq("pending")]
agreements = agreements[lists.eq("participating")]
snapshots = sorted(agreements["snapshot_date"].unique())
latest, first = snapshots[-1], snapshots[0]
now = agreements[agreements["snapshot_date"].eq(latest)]
before = agreements[agreements["snapshot_date"].eq(first)]
pending_now = pending[pending["snapshot_date"].eq(pending["snapshot_date"].max())] if len(pending) else pending
agreements.groupby(["snapshot_date", "support_type"]).size().unstack(fill_value=0)

# %% [markdown]
# ## Agreements by state

# %%
by_state = now.groupby("state_name").size().sort_index().sort_values(ascending=False, kind="mergesort")
before_state = before["state_name"].value_counts()
support = now["support_type"].value_counts()
top3 = by_state.head(3)
h.md(
    f"ICE's list of {latest} holds **{h.n(len(now))}** agreements with **{h.n(now['agency_key'].nunique())}** "
    f"agencies (an agency is a name in a state, apostrophes made alike) in "
    f"{by_state.index.difference(['(no state)']).size} states: "
    + ", ".join(f"{t} **{h.n(c)}**" for t, c in support.items())
    + ". "
    + "Most are in "
    + ", ".join(f"{s} ({h.n(c)}, {h.pct(c / len(now))})" for s, c in top3.items())
    + ". "
    + (
        f"The earlier list of {first} held {h.n(len(before))} agreements "
        f"({h.n(abs(len(now) - len(before)))} {'fewer' if len(before) < len(now) else 'more'}). "
        if first != latest
        else ""
    )
    + (
        f"A further {h.n(len(pending_now))} agreements were pending in ICE's list of "
        f"{pending_now['snapshot_date'].iloc[0]} (not counted here)."
        if len(pending_now)
        else ""
    )
)

# %% [markdown]
# ## Agreements by signing month

# %%
signed = now[now["signed_date"].notna()]
unsigned = len(now) - len(signed)
by_month = signed.assign(month=signed["signed_date"].dt.to_period("M")).groupby(["month", "support_type"]).size()
by_month = by_month.unstack(fill_value=0).sort_index()
year_of_list = int(latest[:4])
same_year = signed["signed_date"].dt.year.eq(year_of_list).sum()
peak = by_month.sum(axis=1)
h.md(
    f"Signing dates run from {signed['signed_date'].min():%d %B %Y} to {signed['signed_date'].max():%d %B %Y}. "
    f"**{h.n(same_year)}** of the {h.n(len(signed))} dated agreements ({h.pct(same_year / len(signed))}) were "
    f"signed in {year_of_list}, the year of the list; the busiest month was {peak.idxmax().strftime('%B %Y')} with "
    f"**{h.n(peak.max())}**. "
    + (f"{unsigned} agreement(s) have no usable signing date and are not counted by month." if unsigned else "")
)

# %%
fig = plt.figure(figsize=(10, 9))
grid = fig.add_gridspec(2, 1, height_ratios=[1.5, 1])
ax1 = fig.add_subplot(grid[0])
shown = by_state.head(top_states)[::-1]
ax1.barh(shown.index, shown.values, color="#37474f", label=f"list of {latest}")
if first != latest:
    ax1.scatter(
        before_state.reindex(shown.index).fillna(0).values,
        shown.index,
        marker="|",
        s=80,
        color="#ff8f00",
        zorder=3,
        label=f"list of {first}",
    )
for i, v in enumerate(shown.values):
    ax1.annotate(h.n(v), (v, i), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7)
pending_note = (
    f"signed agreements only; the {h.n(len(pending_now))} pending requests of {pending_now['snapshot_date'].iloc[0]} "
    "are not counted"
    if len(pending_now)
    else "signed agreements only; the table holds no list of pending requests"
)
ax1.set_title(
    f"287(g) agreements by state ({min(top_states, len(by_state))} of {len(by_state)} states with most "
    f"agreements)\n{pending_note}",
    fontsize=10,
    loc="left",
)
ax1.set_xlabel("Agreements")
ax1.tick_params(axis="y", labelsize=7)
ax1.legend(frameon=False, fontsize=8, loc="lower right")

ax2 = fig.add_subplot(grid[1])
bottom = pd.Series(0, index=by_month.index)
x = by_month.index.to_timestamp()
for t in sorted(by_month.columns):
    ax2.bar(x, by_month[t], bottom=bottom, width=25, label=t)
    bottom = bottom + by_month[t]
ax2.xaxis.set_major_locator(mdates.YearLocator())
ax2.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
ax2.set_ylabel("Agreements signed")
ax2.set_title(
    f"Agreements in the list of {latest}, by month signed (signed agreements only; pending requests not counted)",
    fontsize=10,
    loc="left",
)
ax2.legend(frameon=False, fontsize=8, loc="upper left")
fig.text(
    0,
    0,
    h.source_line(sources, sorted(set(now["source_id"]) | set(before["source_id"])), width=150),
    fontsize=7,
    ha="left",
    va="top",
)
h.show_figure(fig, "agreements_287g.png", figure_dpi)
