"""Timpora reporting pipeline: form responses about foreign nationals to coded tables, alerts and reports."""

import os

# every entry point (the timpora script, `python -m pipelines.cli`, the Prefect flows and their workers,
# the bench) imports this package first: from here on, every file and folder the process creates (the
# warehouse, DuckDB's write-ahead log and spill files, temporaries, backups) is its owner's alone.
# What is meant to be shared (the analysts' snapshot, default-edition reports, exports) is made
# readable explicitly (pipelines.core.warehouse.SHARED)
os.umask(0o077)
