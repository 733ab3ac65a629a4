"""The weekly report as plain data: one record type per table it shows, and `WeeklyReport` holding them all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple


class Figure(NamedTuple):
    """A headline figure of the week and the week before."""

    key: str
    label: str
    current: int
    previous: int

    @property
    def change(self) -> int:
        """This week minus last week."""
        return self.current - self.previous


class FreshnessRow(NamedTuple):
    """When one source was last read, in the office's timezone."""

    source_name: str
    form_kind: str | None
    last_success_at: datetime | None
    rows_current: int | None
    rejects: int | None
    is_stale: bool


class KabkotaRow(NamedTuple):
    """The week's figures of one kabupaten/kota; a foreigner seen in two of its kecamatan counts once."""

    kabkota_code: str | None
    kabkota_name: str | None
    foreigners_present: int
    new_arrivals: int
    reports_received: int
    complaints_received: int


class KecamatanRow(NamedTuple):
    """The week's figures of one kecamatan."""

    kabkota_code: str | None
    kabkota_name: str | None
    kecamatan_code: str | None
    kecamatan_name: str | None
    foreigners_present: int
    new_arrivals: int
    reports_received: int
    complaints_received: int


class BreakdownRow(NamedTuple):
    """Persons present with one nationality, purpose or permit type; is_other for the "Lainnya" rest."""

    value_code: str | None
    label: str
    persons_present: int
    is_other: bool = False


class ComplaintRow(NamedTuple):
    """Complaints of one category: received and resolved in the week, overdue (BARU > 3 days)."""

    category: str
    label: str
    received: int
    resolved: int
    overdue: int


class AlertCountRow(NamedTuple):
    """Alerts of one kind in the week: open at its end, new, resolved; open ones more than 60 days over."""

    alert_kind: str
    label: str
    open_alerts: int
    new_alerts: int
    resolved_alerts: int
    over_60_days: int


class AlertRow(NamedTuple):
    """One alert as it stood at the report's cut-off, with the pseudonymous person id only.

    `alert_id` is the short id `timpora alerts ack` accepts; `status` the lifecycle code (OPEN,
    ACKNOWLEDGED, RESOLVED) and `status_label` its word in the report's language (BARU, DITINDAKLANJUTI,
    SELESAI as on the results sheet); `officer` the one handling it then, if any.
    """

    alert_id: str
    alert_kind: str
    kind_label: str
    status: str
    status_label: str
    officer: str | None
    raised_on: date
    days_since_raised: int
    is_new: bool
    person_id: str
    nationality_iso3: str | None
    nationality: str
    kabkota_name: str | None
    kecamatan_name: str | None
    permit_type: str | None
    permit_type_label: str
    permit_expiry_date: date | None
    days_overstayed: int | None
    days_to_expiry: int | None


class WorkerSponsorRow(NamedTuple):
    """Foreign workers (purpose BEKERJA) reported by one company or sponsor in one district: counts, never names.

    `trend` holds the workers present in each of the report's last WORKER_TREND_WEEKS weeks, oldest first,
    the report's week last (so `trend[-1] == workers_present`).
    """

    sponsor_name: str
    kabkota_name: str | None
    kecamatan_name: str | None
    workers_present: int
    new_workers: int
    trend: tuple[int, ...]


class WeekFigures(NamedTuple):
    """The office's figures of one week: the headline (this week, the week before) and the trend."""

    iso_week: str
    week_start_date: date
    foreigners_present: int
    new_arrivals: int
    unique_persons: int
    reports_received: int
    complaints_received: int


class Identity(NamedTuple):
    """Who a pseudonymous person is, and where and by whom they were last reported (restricted edition)."""

    person_id: str
    full_name: str | None
    passport_number: str | None
    establishment_name: str | None
    address: str | None
    reporter_name: str | None
    reporter_phone: str | None


class RejectRow(NamedTuple):
    """Rejected rows of one source, field and reason."""

    source_name: str
    field: str | None
    reason: str | None
    rejects: int
    example_row_number: int | None


@dataclass(frozen=True)
class WeeklyReport:
    """Everything the weekly rakor report shows, as plain data (no connection, no frames)."""

    office_code: str
    office_name: str
    edition: str
    language: str  # "id" or "en": the language of its labels, and of the files written from it
    area_names: tuple[str, ...]
    iso_week: str
    previous_week: str
    week_start: date
    week_end: date
    generated_at: datetime
    built_at: datetime | None
    alerts_as_of: date | None
    headline: tuple[Figure, ...]
    freshness: tuple[FreshnessRow, ...]
    by_kabkota: tuple[KabkotaRow, ...]
    by_kecamatan: tuple[KecamatanRow, ...]
    by_nationality: tuple[BreakdownRow, ...]
    by_purpose: tuple[BreakdownRow, ...]
    by_permit_type: tuple[BreakdownRow, ...]
    complaints_by_category: tuple[ComplaintRow, ...]
    complaint_sla_days: int
    foreign_workers: tuple[WorkerSponsorRow, ...]
    worker_weeks: tuple[str, ...]
    overstay_counts: tuple[AlertCountRow, ...]
    overstay_alerts: tuple[AlertRow, ...]
    identities: dict[str, Identity]
    trend: tuple[WeekFigures, ...]
    rejects: tuple[RejectRow, ...]

    def figure(self, key: str) -> Figure:
        """The headline figure with this key (foreigners_present, new_arrivals, ...)."""
        for item in self.headline:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def is_restricted(self) -> bool:
        """Whether this edition names persons (restricted) or shows pseudonymous ids only (default)."""
        return self.edition == "restricted"

    @property
    def has_data(self) -> bool:
        """Whether the week has any figure at all for this office."""
        return any(item.current for item in self.headline) or bool(self.by_kecamatan)
