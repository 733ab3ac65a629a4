"""Simulate one office over the window: the lodging reports of its foreigners and the public's complaints."""

from __future__ import annotations

import datetime as dt
import random

from pipelines.demo.alerts import add_alerts
from pipelines.demo.people import make_place
from pipelines.demo.records import Complaint, OfficeBuild, Stay, Window, days, window_weeks
from pipelines.demo.spelling import pick
from pipelines.demo.stays import add_residents, fill_visitors, report_time
from pipelines.demo.tables import OfficeSpec


def simulate_office(spec: OfficeSpec, window: Window, seed: int, scale: float) -> OfficeBuild:
    """Residents, deliberate alerts, then visitors to reach each week's volume."""
    rng = random.Random(f"{seed}:{spec.code}:lodging")
    build = OfficeBuild(spec=spec, rng=rng, window=window, scale=scale)
    build.hotels = [make_place(rng, spec, name) for name in spec.hotels]
    build.sponsors = [make_place(rng, spec, name) for name in spec.sponsors]
    add_residents(build)
    add_alerts(build)
    fill_visitors(build)
    build.reports = [r for r in build.reports if window.start <= r.submitted_at.date() <= window.end]
    build.reports.sort(key=lambda r: (r.submitted_at, r.stay.key))
    return build


def complaint_subject(build: OfficeBuild, rng: random.Random, day: dt.date) -> Stay | None:
    """Now and then the subject is a foreigner the lodging reports know: their latest stay before that day."""
    if rng.random() > 0.3:
        return None
    known = sorted({r.stay.person.key: r.stay for r in build.reports if r.submitted_at.date() <= day}.items())
    return rng.choice(known)[1] if known else None


def random_complaint(build: OfficeBuild, rng: random.Random, day: dt.date) -> Complaint:
    """A complaint from the public about a foreigner, known (then where they stay) or not."""
    stay = complaint_subject(build, rng, day)
    mix = build.spec.mix
    iso3 = stay.person.iso3 if stay else rng.choices([m[0] for m in mix], [m[2] for m in mix])[0]
    incident = day - days(rng.choice((0, 0, 1, 1, 2, 3, 5))) if rng.random() < 0.85 else None
    return Complaint(
        submitted_at=report_time(rng, day),
        category=pick(rng, build.spec.categories),
        iso3=iso3,
        person=stay.person if stay else None,
        place=stay.place if stay else make_place(rng, build.spec, ""),
        incident_date=incident,
    )


def overstay_complaints(build: OfficeBuild, rng: random.Random) -> list[Complaint]:
    """A neighbour's overstay complaint about each Nigerian overstayer (as in the Serang article)."""
    out = []
    for report in build.reports:
        stay = report.stay
        if stay.alert_kind == "OVERSTAY" and stay.person.iso3 == "NGA" and stay.key.endswith("-S1"):
            day = min(build.window.end, stay.permit_expiry + days(rng.randint(2, 5)))
            out.append(
                Complaint(
                    submitted_at=report_time(rng, day),
                    category="OVERSTAY",
                    iso3="NGA",
                    person=stay.person,
                    place=stay.place,
                    incident_date=day,
                    alert_kind="OVERSTAY",
                )
            )
    return out


def simulate_complaints(build: OfficeBuild, seed: int) -> list[Complaint]:
    """0 to a few complaints per week, plus the ones about deliberate overstayers."""
    rng = random.Random(f"{seed}:{build.spec.code}:complaint")
    low, high = build.spec.complaints_per_week
    out = overstay_complaints(build, rng)
    for monday, inside in window_weeks(build.window):
        count = round(rng.randint(low, high) * build.scale * inside / 7)
        out += [random_complaint(build, rng, monday + days(rng.randrange(inside))) for _ in range(count)]
    out.sort(key=lambda c: c.submitted_at)
    return out
