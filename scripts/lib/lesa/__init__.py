"""ICE ERO-LESA record-level encounters, arrests and removals, FY2016-FY2019 (UWCHR, FOIA 2019-ICFO-53623).

The ``lesa`` stage (scripts/lesa.py) is built from three modules:

- :mod:`.records`: read each gzip file once (streaming), check it, store it as Parquet, count it;
- :mod:`.landmarks`: the hand-coded crosswalk landmark → facility → county (data/hand/lesa_landmarks.csv);
- :mod:`.rows`: the counts as detainer_statistics rows (nation, area of responsibility, facility, unplaced)
  and the reconciliations that must hold for the stage to write anything.
"""
