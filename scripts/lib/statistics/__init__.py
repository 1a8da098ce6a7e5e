"""The sources of detainer_statistics, one module each, and what they share.

The ``statistics`` stage (scripts/statistics.py) only assembles: it reads every source module listed in its
``SOURCES``, builds one facility crosswalk from the facilities they name, lets each module build its rows,
checks and metrics, appends the interim tables other stages wrote, assigns stat_ids and writes the tables.

A source module (``npr``, ``pa``, ``mn``, ``curated`` here) has:

- ``NAME``: a short name (the key of its data in :attr:`.common.Context.data`);
- ``read() -> data``: read and check its raw files (InputError naming file, row and field); no rows yet;
- ``facility_keys(data) -> DataFrame | None``: the facilities it names, columns
  :data:`.common.FACILITY_KEY_COLUMNS` (state as a USPS code), or None;
- ``build(data, ctx) -> Built``: its rows (made with :func:`.common.stat`, every row with ``source_id`` and
  ``evidence``), its reconciliation checks (:func:`.common.check` / :func:`.common.check_expected`, expected
  totals in data/hand/expected_totals.csv) and its metrics. ``ctx`` (:class:`.common.Context`) holds the
  facility crosswalk, the metric map, the resolver and every module's ``read`` result (cross-source checks).

Adding a source = adding a module here and its name to ``SOURCES`` in scripts/statistics.py (and its raw
folder, hand files and expected totals to the stage's deps in dvc.yaml). A source too large to read inside
this stage (millions of records) gets its own DVC stage instead, which writes an interim table into
``data/interim/statistics/<source>.csv`` with the detainer_statistics columns except ``stat_id``
(:mod:`.interim`); the stage appends every such table (add the file to the stage's deps). Facilities such a
stage places itself go into ``data/interim/facilities/<source>.csv`` (facilities.csv columns), appended to the
crosswalk.
"""
