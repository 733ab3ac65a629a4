"""Officers' follow-up on the `Peringatan` tab, told apart from what the pipeline wrote there itself.

The rule: a follow-up cell is an officer's edit when it differs both from what the pipeline last wrote in
it and from what the warehouse holds now. Edits are read at the start of every sync and publish, and
apply as of that moment; so a change made with `timpora alerts` after the read is newer and is written
into the sheet by the next publish, while a sheet edit read after a CLI change is applied on top of it
(the pipeline cannot know which came first; the sheet is where officers work). A move the lifecycle
does not allow (e.g. SELESAI back to BARU) is not applied: the warehouse status stands, the publish
warns, and the sheet shows the warehouse status again. Every change from either side is kept in
state.alert_events with its origin ("sheet" or "cli").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipelines.core.cells import unneutralise_cell
from pipelines.publish.sheet import Grid, header_index
from pipelines.publish.tabs import ID_HEADER, NOTE_HEADER, OFFICER_HEADER, STATUS_HEADER, STATUS_WORDS, Tab

FOLLOWUP_HEADERS = (STATUS_HEADER, OFFICER_HEADER, NOTE_HEADER)
STATUS_OF_WORD = {word: status for status, word in STATUS_WORDS.items()}
ALERT_ID = re.compile(r"[0-9a-f]{1,16}")  # an id or a prefix of one, as `alerts ack` takes it
# (status, officer, note) cells as shown on the sheet; None: the column is missing there
Followup = tuple[str | None, str | None, str | None]


@dataclass(frozen=True)
class Edit:
    """An officer's change to one alert's follow-up, as the lifecycle takes it."""

    alert_id: str
    status: str | None  # OPEN, ACKNOWLEDGED, RESOLVED; None when the Status cell did not change
    officer: str | None
    note: str | None
    details_changed: bool  # the Petugas or Catatan cell changed


def sheet_followups(current: Grid) -> tuple[dict[str, Followup], list[str]]:
    """The follow-up cells per alert id, found by header; warnings for what cannot be read."""
    if not current:
        return {}, []
    positions = header_index(current[0])
    key = positions.get(ID_HEADER.casefold())
    if key is None:
        return {}, [f"the column {ID_HEADER!r} is missing, so follow-up edits cannot be matched to alerts"]
    columns = [positions.get(header.casefold()) for header in FOLLOWUP_HEADERS]
    warnings = [
        f"the column {header!r} is missing; it is put back"
        for header, position in zip(FOLLOWUP_HEADERS, columns, strict=True)
        if position is None
    ]
    found: dict[str, Followup] = {}
    for row in current[1:]:
        alert_id = str(row[key]).strip() if key < len(row) else ""
        if alert_id:
            found[alert_id] = tuple(_text(row, position) for position in columns)  # type: ignore[assignment]
    return found, warnings


def _text(row: Sequence, position: int | None) -> str | None:
    if position is None:
        return None
    return str(row[position]).strip() if position < len(row) else ""


def tab_followups(tab: Tab) -> dict[str, Followup]:
    """The follow-up cells the tab would show now, per alert id."""
    positions = [tab.header.index(header) for header in (ID_HEADER, *FOLLOWUP_HEADERS)]
    return {str(row[positions[0]]): tuple(str(row[p]) for p in positions[1:]) for row in tab.rows}  # type: ignore[misc]


def _differs(cell: str, other: str | None) -> bool:
    # "-ok" typed by an officer and "'-ok" as the pipeline writes it back are the same text
    return other is None or unneutralise_cell(cell) != unneutralise_cell(other)


def find_edits(
    on_sheet: Mapping[str, Followup], published: Mapping[str, Followup], now: Mapping[str, Followup]
) -> tuple[list[Edit], list[str]]:
    """The officers' edits: cells that differ from both the last published value and the current one.

    Args:
        on_sheet: the sheet's follow-up cells per alert id.
        published: the cells the pipeline last wrote, per alert id (none yet: the current cells count).
        now: the cells the warehouse would show now, per alert id (alerts known to this office).
    """
    edits, warnings = [], []
    for alert_id, cells in on_sheet.items():
        if alert_id not in now:
            # an id cell is quoted only when it has an alert id's shape: an officer may have typed anything there
            shown = alert_id if ALERT_ID.fullmatch(alert_id) else "with an ID cell that is not an alert id"
            warnings.append(f"alert {shown} on the sheet is not one of this office's listed alerts; row ignored")
            continue
        baseline = published.get(alert_id, now[alert_id])
        changed = [
            cell is not None and _differs(cell, before) and _differs(cell, current)
            for cell, before, current in zip(cells, baseline, now[alert_id], strict=True)
        ]
        if not any(changed):
            continue
        status_cell, officer_cell, note_cell = cells
        status = None
        if changed[0]:
            status = STATUS_OF_WORD.get(str(status_cell).strip().upper())
            if status is None:
                # the cell's text is not quoted: warnings are stored in state.publishes and shown to analysts
                warnings.append(f"alert {alert_id}: the Status cell is not one of {', '.join(STATUS_OF_WORD)}")
        officer = unneutralise_cell(officer_cell) if officer_cell is not None else None
        note = unneutralise_cell(note_cell) if note_cell is not None else None
        edits.append(Edit(alert_id, status, officer, note, changed[1] or changed[2]))
    return edits, warnings
