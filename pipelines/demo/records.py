"""The simulated world's records: persons, places, stays, reports, complaints, the window and an office's state."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from pipelines.demo.tables import OfficeSpec

WEEKS = 12


@dataclass(frozen=True)
class Person:
    """A foreigner: the true identity behind every spelling of them."""

    key: str
    iso3: str
    profile: str
    given: str
    family: str
    sex: str
    birth_date: dt.date
    passport: str


@dataclass(frozen=True)
class Place:
    """Where a foreigner stays, and who reports them from there."""

    name: str
    reporter: str
    phone: str
    kabkota_code: str
    kecamatan_code: str
    kecamatan_name: str
    desa_name: str
    address: str


@dataclass(frozen=True)
class Stay:
    """One stay at one place: check-in, the written check-out (None: left blank), the permit."""

    key: str
    person: Person
    place: Place
    arrival: dt.date
    departure: dt.date | None
    permit_type: str
    permit_expiry: dt.date
    permit_number: str
    purpose: str
    alert_kind: str = ""


@dataclass(frozen=True)
class Report:
    """One lodging form response about a stay; an extension report carries the new expiry."""

    stay: Stay
    submitted_at: dt.datetime
    reporter: str
    phone: str
    establishment: str
    permit_expiry: dt.date
    permit_number: str


@dataclass(frozen=True)
class Complaint:
    """One complaint form response, in canonical values."""

    submitted_at: dt.datetime
    category: str
    iso3: str
    person: Person | None
    place: Place
    incident_date: dt.date | None
    alert_kind: str = ""


@dataclass(frozen=True)
class Window:
    """The 12 ISO weeks of the demo: Monday of the first week to end_date."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        """Days in the window, both ends included."""
        return (self.end - self.start).days + 1


@dataclass
class OfficeBuild:
    """The growing state of one office's simulation."""

    spec: OfficeSpec
    rng: random.Random
    window: Window
    scale: float
    hotels: list[Place] = field(default_factory=list)
    sponsors: list[Place] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    last_departure: dict[str, dt.date] = field(default_factory=dict)
    stays_made: dict[str, int] = field(default_factory=dict)


def days(n: int) -> dt.timedelta:
    """A timedelta of n days."""
    return dt.timedelta(days=n)


def make_window(end_date: dt.date) -> Window:
    """The 12 ISO weeks ending with end_date's week, cut at end_date."""
    monday = end_date - days(end_date.weekday())
    return Window(start=monday - dt.timedelta(weeks=WEEKS - 1), end=end_date)


def window_weeks(window: Window) -> list[tuple[dt.date, int]]:
    """Each ISO week of the window: its Monday and its days inside the window."""
    mondays = [window.start + dt.timedelta(weeks=week) for week in range(WEEKS)]
    return [(monday, min(7, (window.end - monday).days + 1)) for monday in mondays]
