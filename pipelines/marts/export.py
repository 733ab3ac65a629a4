"""National roll-up: the snapshot's counts, complaints and alerts as Parquet, partitioned by office and ISO week.

Any engine that reads hive-partitioned Parquet can query across offices, e.g. in DuckDB:
`select * from read_parquet('export/office_weekly_breakdown/*/*/*.parquet', hive_partitioning = true)`.
Read from the analysts' snapshot, so an export never blocks a sync. No restricted column is exported.
An export is meant to be shared: its files are readable by everyone (0644) and its folders enterable
(0755), whatever the umask.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipelines.core.config import Settings
from pipelines.core.warehouse import SHARED, SHARED_FOLDER, connect, make_folder, read_sql, sql_files

PARTITIONS = ["office_code", "iso_week"]


def export_parquet(settings: Settings, out_dir: Path, office_code: str | None = None) -> dict[str, int]:
    """Write every table of sql/export under `out_dir/<table>/office_code=…/iso_week=…/`; rows per table.

    A table's folder is replaced as a whole, so a re-run leaves no stale partitions behind.
    """
    if office_code:
        settings.office(office_code)
    make_folder(out_dir)
    con = connect(settings.snapshot_path, read_only=True)
    written = {}
    try:
        for name in sql_files("export"):
            table = Path(name).stem
            relation = con.sql(read_sql(name), params={"office_code": office_code})
            relation.write_parquet(str(out_dir / table), partition_by=PARTITIONS, overwrite=True)
            _share(out_dir / table)
            written[table] = len(relation)
    finally:
        con.close()
    return written


def _share(folder: Path) -> None:
    """Make a table's folder, its partition folders and Parquet files readable by everyone."""
    os.chmod(folder, SHARED_FOLDER)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(parent, name), SHARED_FOLDER)
        for name in files:
            os.chmod(os.path.join(parent, name), SHARED)
