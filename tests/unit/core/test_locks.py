"""Two writers at once: the second waits for the first, and past its wait skips with a clear message."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from conftest import file_source, write_config
from pipelines import steps
from pipelines.core.config import load_config
from pipelines.core.locks import WarehouseBusy, writer_lock
from pipelines.core.warehouse import connect


def test_sync_waits_for_a_running_build_then_runs(lodging_settings):
    settings, _ = lodging_settings
    released = threading.Event()

    def long_build():
        with writer_lock(settings.warehouse, "build", 5):
            time.sleep(1.0)
        released.set()

    holder = threading.Thread(target=long_build)
    holder.start()
    time.sleep(0.2)
    result = steps.sync_one(settings, "ranai_lodging")
    holder.join()
    assert released.is_set() and result.rows_new == 3


def test_sync_skips_when_the_warehouse_stays_busy(tmp_path, lodging_settings):
    _, csv_path = lodging_settings
    settings = load_config(
        write_config(tmp_path, file_source("ranai_lodging", csv_path), extra="writer_wait_seconds = 0.3")
    )
    with writer_lock(settings.warehouse, "build", 1):
        with pytest.raises(WarehouseBusy, match=r"sync of ranai_lodging skipped: the warehouse is busy with build"):
            steps.sync_one(settings, "ranai_lodging")
    assert steps.sync_one(settings, "ranai_lodging").rows_new == 3


def test_an_open_analyst_session_never_blocks_a_sync_or_build(lodging_settings):
    settings, csv_path = lodging_settings
    steps.sync_one(settings, "ranai_lodging")
    steps.build(settings, date(2026, 11, 26))
    analyst = connect(settings.snapshot_path, read_only=True)
    count = "select sum(reports_received) from marts.district_weekly"
    assert analyst.execute(count).fetchone()[0] == 3
    with csv_path.open("a", encoding="utf-8") as csv:
        csv.write("26/11/2026 09:00:00,Hotel Natuna,Anna Schmidt,Jerman,C01X00T47,VoA,20/12/2026,Wisata,Natuna,"
                  "Bunguran Timur,25/11/2026,\n")  # fmt: skip
    assert steps.sync_one(settings, "ranai_lodging").rows_new == 1
    steps.build(settings, date(2026, 11, 26))
    assert analyst.execute(count).fetchone()[0] == 3, "an open session keeps reading the build it opened"
    analyst.close()
    reconnected = connect(settings.snapshot_path, read_only=True)
    assert reconnected.execute(count).fetchone()[0] == 4
    reconnected.close()
