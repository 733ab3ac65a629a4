"""Two writers at once: the second waits for the first, and past its wait skips with a clear message."""

from __future__ import annotations

import threading
import time

import pytest

from conftest import file_source, write_config
from pipelines import steps
from pipelines.config import load_config
from pipelines.locks import WarehouseBusy, writer_lock


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
