"""Visitor and resident stays in one office and the lodging reports made about them."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from pipelines.demo.people import make_place, new_person, permit_number, pick_permit, stay_key
from pipelines.demo.records import WEEKS, OfficeBuild, Person, Place, Report, Stay, Window, days, window_weeks
from pipelines.demo.spelling import indonesian_name, pick
from pipelines.demo.tables import PERMIT_VISIT_DAYS, PROFILES

DUPLICATE_RATE = 0.08
RETURN_RATE = 0.10
HOP_RATE = 0.05


def report_time(rng: random.Random, day: dt.date) -> dt.datetime:
    """A plausible submission time on a day (hotels report from morning to late evening)."""
    seconds = rng.randint(7 * 3600, 23 * 3600 + 59 * 60)
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)


def report_of(build: OfficeBuild, stay: Stay, day: dt.date, expiry: dt.date | None = None) -> Report:
    """A report of a stay submitted on a day by the place's reporter."""
    return Report(
        stay=stay,
        submitted_at=report_time(build.rng, day),
        reporter=stay.place.reporter,
        phone=stay.place.phone,
        establishment=stay.place.name,
        permit_expiry=expiry or stay.permit_expiry,
        permit_number=stay.permit_number,
    )


def checkout_shown(rng: random.Random, window: Window, expiry: dt.date) -> bool:
    """Whether a visitor's check-out date is written; blanks only where no alert rule can be affected."""
    if window.end - days(30) <= expiry <= window.end + days(7):
        return True
    return rng.random() < 0.82


def safe_departure(window: Window, arrival: dt.date, departure: dt.date, expiry: dt.date) -> dt.date:
    """Leave before the permit ends, and before end_date when it ends within 7 days after it."""
    departure = min(departure, expiry - days(1))
    if expiry <= window.end + days(7):
        departure = min(departure, window.end - days(1))
    return max(arrival, departure)


def visitor_stay(build: OfficeBuild, person: Person, arrival: dt.date, place: Place) -> Stay:
    """A short stay that ends before the permit does (no accidental overstay or expiry alert)."""
    rng = build.rng
    profile = PROFILES[person.profile]
    permit = pick_permit(rng, person.iso3, person.profile)
    entry = arrival - days(rng.choice((0, 0, 0, 1, 2, 3, 5)))
    expiry = entry + days(PERMIT_VISIT_DAYS[permit])
    departure = safe_departure(build.window, arrival, arrival + days(rng.randint(*profile.stay_days)), expiry)
    return Stay(
        key=stay_key(build, person),
        person=person,
        place=place,
        arrival=arrival,
        departure=departure if checkout_shown(rng, build.window, expiry) else None,
        permit_type=permit,
        permit_expiry=expiry,
        permit_number=permit_number(rng, permit),
        purpose=pick(rng, profile.purposes),
    )


def visitor_reports(build: OfficeBuild, stay: Stay) -> list[Report]:
    """The report of a stay, and now and then a duplicate by a sponsor or a resubmitting clerk."""
    rng = build.rng
    last_day = min(build.window.end, stay.departure or stay.arrival + days(1))
    day = min(stay.arrival + days(rng.choice((0, 0, 0, 0, 1, 1, 2))), last_day)
    first = report_of(build, stay, day)
    reports = [first]
    if rng.random() < DUPLICATE_RATE:
        if rng.random() < 0.5:
            again = first.submitted_at + dt.timedelta(minutes=rng.randint(2, 45))
            reports.append(replace(first, submitted_at=again))
        else:
            sponsor = rng.choice(build.sponsors)
            later = report_of(build, stay, min(day + days(1), last_day))
            reports.append(replace(later, reporter=sponsor.reporter, phone=sponsor.phone, establishment=sponsor.name))
    return reports


def hop_stay(build: OfficeBuild, stay: Stay) -> Stay | None:
    """The same person moving on to another hotel with the same permit, if their permit allows it."""
    if stay.departure is None or stay.departure >= min(stay.permit_expiry - days(3), build.window.end):
        return None
    place = build.rng.choice(build.hotels)
    departure = safe_departure(
        build.window, stay.departure, stay.departure + days(build.rng.randint(1, 4)), stay.permit_expiry
    )
    return Stay(
        key=stay_key(build, stay.person),
        person=stay.person,
        place=place,
        arrival=stay.departure,
        departure=departure,
        permit_type=stay.permit_type,
        permit_expiry=stay.permit_expiry,
        permit_number=stay.permit_number,
        purpose=stay.purpose,
    )


def visitor_person(build: OfficeBuild, arrival: dt.date) -> Person:
    """A returning visitor whose last stay ended a while ago, or a new one."""
    rng = build.rng
    if rng.random() < RETURN_RATE:
        back = [
            p
            for p in build.persons
            if p.key in build.last_departure and build.last_departure[p.key] < arrival - days(5)
        ]
        if back:
            return rng.choice(back)
    visitors = tuple(row for row in build.spec.mix if not PROFILES[row[1]].resident)
    iso3, profile, _ = rng.choices(visitors, weights=[w for _, _, w in visitors], k=1)[0]
    return new_person(build, iso3, profile)


def add_visitor(build: OfficeBuild, arrival: dt.date) -> int:
    """Simulate one visitor stay arriving on a day; returns the reports added."""
    person = visitor_person(build, arrival)
    lodges_with_sponsor = person.profile in ("crew", "visit_worker") and build.rng.random() < 0.5
    place = build.rng.choice(build.sponsors if lodges_with_sponsor else build.hotels)
    stays = [visitor_stay(build, person, arrival, place)]
    if build.rng.random() < HOP_RATE:
        hop = hop_stay(build, stays[0])
        stays += [hop] if hop else []
    added = 0
    for stay in stays:
        reports = visitor_reports(build, stay)
        build.reports.extend(reports)
        added += len(reports)
    real_end = stays[-1].departure or stays[-1].arrival + days(PROFILES[person.profile].stay_days[1])
    build.last_departure[person.key] = real_end
    return added


def week_targets(build: OfficeBuild) -> list[tuple[dt.date, int, int]]:
    """Per week: Monday, days inside the window, and the lodging reports to reach."""
    low, high = build.spec.lodging_per_week
    return [
        (monday, inside, round(build.rng.uniform(low, high) * build.scale * inside / 7))
        for monday, inside in window_weeks(build.window)
    ]


def fill_visitors(build: OfficeBuild) -> None:
    """Add visitor stays week by week until each week holds its target of reports."""
    for monday, inside, target in week_targets(build):
        week_end = monday + days(inside - 1)
        have = sum(1 for r in build.reports if monday <= r.submitted_at.date() <= week_end)
        while have < target:
            have += add_visitor(build, monday + days(build.rng.randrange(inside)))


def resident_expiry(build: OfficeBuild, permit: str, arrival: dt.date) -> dt.date:
    """A KITAS runs months to two years, a KITAP five; never expiring before the window opens."""
    rng = build.rng
    if permit == "KITAP":
        return build.window.end + days(rng.randint(200, 1800))
    earliest = max(build.window.start + days(10), arrival + days(30))
    return earliest + days(rng.randint(0, 700))


def resident_stay(build: OfficeBuild, person: Person) -> Stay:
    """A resident's stay: company mess for workers, their own home (reported by the spouse) for family."""
    rng = build.rng
    in_window = rng.random() < 0.3
    arrival = (
        build.window.start + days(rng.randrange(build.window.days - 7))
        if in_window
        else build.window.start - days(rng.randint(10, 500))
    )
    if person.profile == "family":
        spouse = indonesian_name(rng)
        place = make_place(rng, build.spec, rng.choice(("Rumah pribadi", spouse, f"Rumah {spouse}")), spouse)
    else:
        place = rng.choice(build.sponsors)
    permit = pick_permit(rng, person.iso3, person.profile)
    return Stay(
        key=stay_key(build, person),
        person=person,
        place=place,
        arrival=arrival,
        departure=None,
        permit_type=permit,
        permit_expiry=resident_expiry(build, permit, arrival),
        permit_number=permit_number(rng, permit),
        purpose=pick(rng, PROFILES[person.profile].purposes),
    )


def resident_report_days(build: OfficeBuild, stay: Stay) -> list[dt.date]:
    """A sponsor reports a resident every few weeks, from check-in or the window's start."""
    rng = build.rng
    every = 7 * rng.choice((2, 3, 4, 4, 6))
    first = stay.arrival if stay.arrival >= build.window.start else build.window.start + days(rng.randrange(every))
    out = []
    day = first
    while day <= build.window.end:
        out.append(day)
        day += days(every + rng.randint(-2, 2))
    return out


def resident_reports(build: OfficeBuild, stay: Stay) -> list[Report]:
    """Periodic reports; a KITAS ending before end_date + 7 days is extended a few days before it ends."""
    rng = build.rng
    report_days = resident_report_days(build, stay)
    expiry = stay.permit_expiry
    if stay.permit_type != "KITAS" or expiry > build.window.end + days(7):
        return [report_of(build, stay, day) for day in report_days]
    extended_on = max(build.window.start, stay.arrival, min(build.window.end, expiry - days(rng.randint(3, 14))))
    renewed = expiry + days(rng.choice((180, 365, 365)))
    reports = [report_of(build, stay, day, expiry if day < extended_on else renewed) for day in report_days]
    reports.append(report_of(build, stay, extended_on, renewed))
    return reports


def add_residents(build: OfficeBuild) -> None:
    """Residents (KITAS/KITAP) in proportion to their share of the office's mix."""
    residents = tuple(row for row in build.spec.mix if PROFILES[row[1]].resident)
    share = sum(w for _, _, w in residents) / sum(w for _, _, w in build.spec.mix)
    weekly = sum(build.spec.lodging_per_week) / 2 * build.scale
    count = round(share * weekly * WEEKS / 3.4)
    for _ in range(count):
        iso3, profile, _ = build.rng.choices(residents, weights=[w for _, _, w in residents], k=1)[0]
        stay = resident_stay(build, new_person(build, iso3, profile))
        build.reports.extend(resident_reports(build, stay))
