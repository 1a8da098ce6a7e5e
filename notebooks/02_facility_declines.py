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
# # Declined detainers by facility over time
#
# Detainers that ICE recorded as declined by the local agency ("Detainer Declined by LEA"), year by
# year, at the facilities named in params.yaml (`report.facilities`: Cook County Jail in Chicago,
# Rikers Island in New York City and Franklin County Jail in Columbus, Ohio), from the
# `detainer_statistics` and `facilities` tables. Other metrics the table holds for the same
# facilities are drawn as dashed lines. ICE counts only the declines it recorded, so these are lower
# bounds; see the caveats of each source in the `sources` table. A year with no row for a facility is
# marked with a grey cross (no data), and a line never joins across it; a row whose value is zero is a
# bar of height zero labelled with its value. Sources are named by their titles.

# %% tags=["parameters"]
data_dir = "../data/processed"
figure_dpi = 100
facilities = [
    {"name": "COOK COUNTY JAIL", "city": "CHICAGO"},
    {"name": "RIKERS ISLAND, QUEENS, NY", "city": "ELMHURST"},
    {"name": "FRANKLIN COUNTY JAIL", "city": "COLUMBUS"},
]
decline_metric = "detainers_declined"

# %%
import matplotlib.pyplot as plt
import pandas as pd

import nbhelpers as h

h.setup()
stats = h.read_table(
    data_dir,
    "detainer_statistics",
    numbers=("value",),
    dates=("period_start", "period_end"),
    required=("stat_id", "facility_id", "period_type", "metric", "source_id"),
)
fac = h.read_table(data_dir, "facilities", required=("facility_id", "name", "city", "state", "jurisdiction_id"))
jurisdictions = h.read_table(data_dir, "jurisdictions", required=("jurisdiction_id", "name"))
sources = h.read_table(data_dir, "sources", required=("source_id", "title"))

# %%
wanted = pd.DataFrame(facilities)[["name", "city"]]
chosen = wanted.merge(fac, on=["name", "city"], how="left", indicator=True)
missing = chosen[chosen["_merge"].ne("both")]
assert missing.empty, f"facilities not in facilities.csv: {missing[['name', 'city']].to_dict('records')}"
assert not chosen.duplicated(["name", "city"]).any(), "a (name, city) pair names more than one facility"
chosen["county"] = chosen["jurisdiction_id"].map(jurisdictions.set_index("jurisdiction_id")["name"]).fillna("")
chosen[["facility_id", "name", "city", "state", "jurisdiction_id", "county"]]

# %%
rows = stats[stats["facility_id"].isin(chosen["facility_id"])].copy()
for col in ("category", "value_kind", "flags"):
    if col not in rows.columns:
        rows[col] = ""
rows["year"] = rows["period_start"].dt.year
by_year = rows[rows["period_type"].eq("calendar_year")].copy()
# A series is named by its category when it has one (the lift reason), else by its metric, plus its value kind.
by_year["series"] = by_year["category"].where(by_year["category"].ne(""), by_year["metric"]) + by_year[
    "value_kind"
].map(lambda k: "" if k in ("", "count") else f" ({k.replace('_', ' ')})")
declines = by_year[by_year["metric"].eq(decline_metric)]
assert not declines.empty, f"no calendar-year {decline_metric} rows for the chosen facilities"
assert not by_year.duplicated(["facility_id", "metric", "category", "year", "source_id"]).any()
other_series = sorted(set(by_year["series"]) - set(declines["series"]))
partial_years = sorted(set(by_year.loc[by_year["flags"].str.contains("partial_period"), "year"]))
pivot = declines.pivot_table(index="year", columns="facility_id", values="value", aggfunc="sum")
pivot

# %% [markdown]
# ## Per facility

# %%
lines = []
for f in chosen.itertuples():
    d = declines[declines["facility_id"].eq(f.facility_id)].set_index("year")["value"].sort_index()
    if d.empty:
        lines.append(f"- **{f.name}** ({f.city}): no declines recorded.")
        continue
    lines.append(
        f"- **{f.name}** ({f.city.title()}, {f.state}; {f.county or 'county not matched'}): **{h.n(d.sum())}** "
        f"declines recorded in "
        f"{len(d)} calendar years ({int(d.index.min())}–{int(d.index.max())}); the most in {int(d.idxmax())} "
        f"(**{h.n(d.max())}**), {h.pct(d.max() / d.sum(), 0)} of the facility's total."
    )
top = declines.groupby("facility_id")["value"].sum()
top_name = chosen.set_index("facility_id").loc[top.idxmax(), "name"]
h.md(
    "\n".join(lines) + f"\n\nAcross the {len(chosen)} facilities, {top_name} accounts for the most declines "
    f"({h.n(top.max())} of {h.n(top.sum())})."
)
notes = []
if other_series:
    notes.append(
        "The table also holds, for these facilities and years: "
        + ", ".join(f"`{m}`" for m in other_series)
        + " (dashed lines). A *same name total* counts the detainers lifted for another reason than a decline at"
        " every facility of that name nationwide, and only in years with at least one decline: it is neither a"
        " ceiling nor a count of what the facility handed over to ICE."
    )
if partial_years:
    notes.append(
        "The data cover only part of "
        + " and ".join(str(y) for y in partial_years)
        + " (marked * on the axis), so those years are not comparable with full years."
    )
if notes:
    h.md(" ".join(notes))

# %%
fig, axes = plt.subplots(len(chosen), 1, figsize=(9, 2.6 * len(chosen)), sharex=True)
axes = [axes] if len(chosen) == 1 else list(axes)
years = list(range(int(by_year["year"].min()), int(by_year["year"].max()) + 1))
for ax, f in zip(axes, chosen.itertuples()):
    mine = by_year[by_year["facility_id"].eq(f.facility_id)]
    # a year with no row is "no data" (drawn as a grey x), a row of 0 is a value (labelled 0)
    d = mine[mine["metric"].eq(decline_metric)].groupby("year")["value"].sum().reindex(years)
    ax.bar(d.index, d.fillna(0).values, color="#b03a2e", width=0.7, label=", ".join(sorted(set(declines["series"]))))
    for y, v in d.items():
        if pd.notna(v):
            ax.annotate(h.n(v), (y, v), ha="center", va="bottom", fontsize=7)
    no_row = d.index[d.isna()]
    ax.scatter(no_row, [0] * len(no_row), marker="x", s=30, color="#616161", zorder=3, label="no row for the year")
    for m in other_series:
        # reindexed to every year: a line never joins across a year with no row
        o = mine[mine["series"].eq(m)].groupby("year")["value"].sum().reindex(years)
        if o.notna().any():
            ax.plot(o.index, o.values, ls="--", marker="o", ms=3, lw=1, color="#555555", label=m)
    ax.set_title(f"{f.name} — {f.city.title()}, {f.state}", fontsize=9, loc="left")
    ax.set_ylabel("Detainers")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
axes[-1].set_xticks(years, [f"{y}*" if y in partial_years else str(y) for y in years])
axes[-1].set_xlabel(
    "Calendar year (ICE prepare date)\n\n"
    + h.source_line(sources, sorted(by_year.loc[by_year["facility_id"].isin(chosen["facility_id"]), "source_id"])),
    fontsize=8,
)
fig.suptitle("Detainers declined by the local agency, by facility and year", fontsize=10)
handles = {lab: hd for ax in axes for hd, lab in zip(*ax.get_legend_handles_labels())}  # one entry per series
fig.legend(handles.values(), handles.keys(), loc="outside lower center", ncols=3, fontsize=7, frameon=False)
h.show_figure(fig, "declines_by_facility.png", figure_dpi)
