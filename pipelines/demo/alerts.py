"""The deliberate overstays and soon-expiring permits planted in each office's lodging reports."""

from __future__ import annotations

from dataclasses import replace

from pipelines.demo.people import new_person, permit_number, pick_permit, stay_key
from pipelines.demo.records import OfficeBuild, Report, Stay, days
from pipelines.demo.spelling import pick
from pipelines.demo.stays import report_of, resident_stay
from pipelines.demo.tables import NO_VISA_ON_ARRIVAL, PERMIT_VISIT_DAYS, PLANNED_ALERTS, PROFILES


def overstay_stays(build: OfficeBuild, iso3: str, profile: str, variant: str) -> list[Stay]:
    """A visitor still present 2 or more days after the permit ended, within the last three weeks."""
    rng = build.rng
    end = build.window.end
    person = new_person(build, iso3, profile)
    permit = pick_permit(rng, iso3, profile)
    expiry = end - days(rng.randint(7, 20))
    arrival = expiry - days(PERMIT_VISIT_DAYS[permit] - rng.randint(3, 10))
    common = {
        "person": person,
        "permit_type": permit,
        "permit_expiry": expiry,
        "permit_number": permit_number(rng, permit),
        "purpose": pick(rng, PROFILES[profile].purposes),
        "alert_kind": "OVERSTAY",
    }
    if variant == "checkout":
        departure = expiry + days(rng.randint(2, (end - expiry).days))
        return [
            Stay(
                key=stay_key(build, person),
                place=rng.choice(build.hotels),
                arrival=arrival,
                departure=departure,
                **common,
            )
        ]
    first = Stay(
        key=stay_key(build, person),
        place=rng.choice(build.hotels),
        arrival=arrival,
        departure=expiry - days(rng.randint(1, 5)),
        **common,
    )
    later = Stay(
        key=stay_key(build, person),
        place=rng.choice(build.hotels),
        arrival=expiry + days(rng.randint(2, (end - expiry).days)),
        departure=None,
        **common,
    )
    return [first, later]


def expiring_stay(build: OfficeBuild, iso3: str, profile: str) -> list[Report]:
    """A person present at end_date whose permit ends 2 to 6 days later (not yet extended)."""
    rng = build.rng
    end = build.window.end
    person = new_person(build, iso3, profile)
    expiry = end + days(rng.randint(2, 6))
    if PROFILES[profile].resident:
        stay = replace(
            resident_stay(build, person),
            arrival=build.window.start - days(rng.randint(30, 400)),
            permit_type="KITAS",
            permit_expiry=expiry,
            permit_number=permit_number(rng, "KITAS"),
            alert_kind="EXPIRING_SOON",
        )
        return [report_of(build, stay, day) for day in (end - days(rng.randint(15, 20)), end - days(rng.randint(1, 4)))]
    permit = "VOA" if iso3 not in NO_VISA_ON_ARRIVAL else "VISA_KUNJUNGAN"
    arrival = expiry - days(PERMIT_VISIT_DAYS[permit] - rng.randint(4, 8))
    # the hotel wrote the planned check-out, after end_date: still present
    stay = Stay(
        key=stay_key(build, person),
        person=person,
        place=rng.choice(build.hotels),
        arrival=arrival,
        departure=expiry - days(1),
        permit_type=permit,
        permit_expiry=expiry,
        permit_number="",
        purpose="WISATA",
        alert_kind="EXPIRING_SOON",
    )
    return [report_of(build, stay, arrival)]


def add_alerts(build: OfficeBuild) -> None:
    """The deliberate overstays and soon-expiring permits of this office, in the order of alerts.csv."""
    for alert in PLANNED_ALERTS:
        if alert.office_code != build.spec.code:
            continue
        if alert.kind == "OVERSTAY":
            for stay in overstay_stays(build, alert.iso3, alert.profile, alert.variant):
                build.reports.append(report_of(build, stay, stay.arrival))
        else:
            build.reports.extend(expiring_stay(build, alert.iso3, alert.profile))
