"""Officers' follow-up typed into the results sheet as numbers and dates is read back as the sheet shows it."""

from __future__ import annotations

from datetime import timedelta

from pipelines import steps
from pipelines.publish.tabs import ALERTS_TAB
from tests.unit.publish.test_publish import KEY, NOW, column, office, publish, tab, template, warehouse_alerts  # noqa: F401


def test_officer_edits_typed_as_numbers_and_dates_are_read_as_shown(office):  # noqa: F811
    settings, emulator = office
    publish(settings)
    rows = tab(emulator, ALERTS_TAB)
    alert_id = column(rows, "ID Peringatan")[0]
    header = rows[0]
    # the sheet's UI turns what looks like a number or a date into one: an officer's NIP, a date as a note
    emulator.type_cell(KEY, ALERTS_TAB, 2, header.index("Status") + 1, "DITINDAKLANJUTI")
    emulator.type_cell(KEY, ALERTS_TAB, 2, header.index("Petugas") + 1, "198706152")
    emulator.type_cell(KEY, ALERTS_TAB, 2, header.index("Catatan") + 1, "24/11/2026")
    assert emulator.cell(KEY, ALERTS_TAB, 2, header.index("Catatan") + 1).value == 46350, "stored as a date"

    [outcome] = steps.read_followups(settings, now=NOW + timedelta(hours=1))
    assert outcome.result[0] == 1
    assert warehouse_alerts(settings)[alert_id][1:] == ("ACKNOWLEDGED", "198706152", "24/11/2026")

    again = publish(settings, NOW + timedelta(hours=2))
    assert again.result.followups_applied == 0, "the typed cells read the same as what was applied"
    assert warehouse_alerts(settings)[alert_id][3] == "24/11/2026"
