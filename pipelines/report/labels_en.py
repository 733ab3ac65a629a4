"""English words of the rakor report: the same keys as the Indonesian tables in `labels`, in English."""

from __future__ import annotations

UNKNOWN_LABEL = "Unknown"

# short common names where pycountry has no common_name and its name is long or official
NATIONALITY_OVERRIDES: dict[str, str] = {
    "RUS": "Russia",
    "BRN": "Brunei",
    "PSE": "Palestine",
    "COD": "DR Congo",
    "FSM": "Micronesia",
    "VAT": "Vatican City",
    "VGB": "British Virgin Islands",
    "VIR": "US Virgin Islands",
    "FLK": "Falkland Islands",
}

PERMIT_TYPES: dict[str, str] = {
    "VISA_KUNJUNGAN": "Visit visa",
    "VOA": "Visa on arrival (VoA)",
    "BEBAS_VISA": "Visa-free visit",
    "ITK": "Visit stay permit (ITK)",
    "KITAS": "KITAS (limited stay permit)",
    "KITAP": "KITAP (permanent stay permit)",
    "DIPLOMATIK": "Diplomatic/service",
    "LAINNYA": "Other",
}

PURPOSES: dict[str, str] = {
    "WISATA": "Tourism",
    "BEKERJA": "Work/foreign worker",
    "BISNIS": "Business",
    "KELUARGA": "Family",
    "STUDI": "Study/education",
    "SOSIAL_BUDAYA": "Social and cultural",
    "TRANSIT": "Transit",
    "LAINNYA": "Other",
}

COMPLAINT_CATEGORIES: dict[str, str] = {
    "OVERSTAY": "Suspected overstay",
    "ILLEGAL_WORK": "Working without a permit",
    "PERMIT_MISUSE": "Misuse of a stay permit",
    "DISTURBANCE": "Public disturbance",
    "NARCOTICS": "Narcotics",
    "ILLEGAL_ENTRY": "Illegal entry",
    "SMUGGLING": "Smuggling",
    "OTHER": "Other",
}

FOLLOWUP_STATUSES: dict[str, str] = {
    "BARU": "New",
    "DITINDAKLANJUTI": "In progress",
    "SELESAI": "Resolved",
}

ALERT_STATUSES: dict[str, str] = {
    "OPEN": "New",
    "ACKNOWLEDGED": "In progress",
    "RESOLVED": "Resolved",
}

ALERT_KINDS: dict[str, str] = {
    "OVERSTAY": "Overstay (stay permit expired)",
    "VISA_FREE_LIMIT": "Past the visa-free visit limit",
    "VOA_LIMIT": "Past the visa-on-arrival limit",
    "EXPIRING_SOON": "Stay permit expiring soon",
}

ALERT_KIND_SHORT: dict[str, str] = {
    "OVERSTAY": "Overstay",
    "VISA_FREE_LIMIT": "Visa-free limit",
    "VOA_LIMIT": "VoA limit",
    "EXPIRING_SOON": "Expiring soon",
}

EDITIONS: dict[str, str] = {
    "default": "General edition (no personal data)",
    "restricted": "RESTRICTED: contains personal data",
}

FORM_KINDS: dict[str, str] = {
    "lodging": "Foreigner lodging report",
    "complaint": "Public complaint",
}

# the form's question for each field, in English (the forms themselves are in Indonesian)
FIELD_LABELS: dict[str, str] = {
    "submitted_at": "Timestamp",
    "reporter_name": "Reporter's name",
    "establishment_name": "Hotel/lodging name",
    "reporter_phone": "Reporter's mobile number",
    "full_name": "Foreigner's full name",
    "nationality": "Nationality",
    "passport_number": "Passport number",
    "sex": "Sex",
    "date_of_birth": "Date of birth",
    "permit_type": "Stay permit type",
    "permit_number": "Stay permit number",
    "permit_expiry_date": "Stay permit expiry date",
    "purpose": "Purpose of visit",
    "address": "Address",
    "kabkota": "Regency/city",
    "kecamatan": "District",
    "desa": "Village",
    "arrival_date": "Arrival date",
    "departure_date": "Check-out date",
    "complainant_name": "Reporter's name",
    "complainant_phone": "Reporter's mobile number",
    "subject_name": "Name of the reported foreigner",
    "category": "Type of complaint",
    "description": "Description of the incident",
    "incident_date": "Date of the incident",
    "followup_status": "Follow-up status",
    "followup_officer": "Officer",
    "followup_note": "Follow-up note",
    "followup_date": "Follow-up date",
}

REJECT_REASONS: dict[str, str] = {
    "REQUIRED_MISSING": "Required, but empty",
    "DATE_UNPARSEABLE": "Date could not be read",
    "DATE_LOCALE_MISMATCH": "Day/month order does not match the sheet's setting",
    "DATE_ORDER_AMBIGUOUS": "Day/month order cannot be told",
    "DATE_RELATIVE": 'Date written as relative (e.g. "yesterday")',
    "DATE_OUT_OF_RANGE": "Date outside a plausible range",
    "TIMESTAMP_UNPARSEABLE": "Timestamp could not be read",
    "NATIONALITY_UNKNOWN": "Country not recognised",
    "NATIONALITY_AMBIGUOUS": "Country unclear (more than one match)",
    "KABKOTA_UNKNOWN": "Regency/city not recognised",
    "KABKOTA_AMBIGUOUS": 'Regency or city unclear (e.g. just "Serang")',
    "KECAMATAN_UNKNOWN": "District not recognised",
    "KECAMATAN_AMBIGUOUS": "District unclear (more than one match)",
    "KECAMATAN_NOT_IN_KABKOTA": "District is not part of the regency/city given",
    "DESA_UNKNOWN": "Village not recognised",
    "DESA_AMBIGUOUS": "Village unclear",
    "PERMIT_TYPE_UNKNOWN": "Stay permit type not recognised",
    "PERMIT_TYPE_AMBIGUOUS": "Stay permit type unclear",
    "PASSPORT_IMPLAUSIBLE": "Implausible passport number",
    "PERMIT_NUMBER_IMPLAUSIBLE": "Implausible stay permit number",
    "PHONE_INVALID": "Invalid mobile number",
    "SEX_UNKNOWN": "Sex not recognised",
    "FOLLOWUP_STATUS_UNKNOWN": "Follow-up status not recognised",
}

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

HEADLINE_LABELS: dict[str, str] = {
    "foreigners_present": "Foreigners reported present",
    "new_arrivals": "New arrivals",
    "unique_persons": "Distinct foreigners in reports",
    "reports_received": "Reports received",
    "complaints_received": "Complaints received",
}

TEXTS: dict[str, str] = {
    # page frame and cover
    "report_title": "Timpora Weekly Report",
    "subtitle": "Material for the coordination meeting (rakor) of the Foreigner Supervision Team",
    "page": "Page",
    "page_of": "of",
    "restricted_banner": "RESTRICTED: PERSONAL DATA",
    "generated": "Generated",
    "built": "Data built",
    "office": "Office",
    "area": "Area",
    "week": "Week",
    "week_range": "{start} to {end}",
    "footer": (
        "Timpora Weekly Report {office} {week}, {edition}. Generated automatically from the foreigner lodging "
        "and complaint forms; times in {zone}."
    ),
    "no_data": "No data",
    "no_week_data": "No data for week {week}: no foreigner reports or complaints have been recorded for this area.",
    # freshness
    "freshness_title": "Data freshness: last successful read per source",
    "source": "Source",
    "form": "Form",
    "last_read": "Last successful read",
    "rows_current": "Current rows",
    "rows_rejected": "Rows with rejected values",
    "stale_flag": "(STALE)",
    "stale_note": "STALE: the source has not been read successfully for over 2 days; its figures may be incomplete.",
    # headline
    "summary_title": "This week's summary",
    "indicator": "Indicator",
    "this_week": "This week ({week})",
    "last_week": "Last week ({week})",
    "change_from_last_week": "Change from last week",
    "change": "Change",
    "change_from_zero": "{change} (last week 0)",
    "present_definition": (
        "persons whose stay (as reported) overlaps this week, each counted once even when reported by several "
        "lodgings or in several districts."
    ),
    "arrivals_definition": "persons whose arrival date falls in this week.",
    "unique_definition": (
        "persons named in the reports received this week; fewer than the reports when one person was reported "
        "more than once."
    ),
    "trend_title": "{weeks}-week trend",
    "trend_alt": "{weeks}-week trend chart: foreigners reported present and complaints received",
    # areas
    "by_area_title": "By area: regency/city and district (kecamatan)",
    "kabkota": "Regency/city",
    "kabkota_code": "Regency/city code",
    "kecamatan": "District",
    "kecamatan_code": "District code",
    "unknown_kabkota": "Unknown regency/city",
    "unknown_area": "(unknown)",
    "subtotal": "Total {area}",
    "office_total": "Total of the office's area",
    "total": "Total",
    "by_area_note": (
        "Districts are ranked by the number of foreigners. A person reported in two districts in the same week "
        "is listed on both rows, but only once in the totals."
    ),
    # breakdowns
    "persons": "Persons",
    "share": "Share",
    "code": "Code",
    "by_nationality_title": "By nationality",
    "nationality_chart_alt": "Bar chart of foreigners by nationality",
    "top_nationalities": "Top {top} nationalities, the rest as Others",
    "nationality": "Nationality",
    "other_country": "Others ({count} country)",
    "other_countries": "Others ({count} countries)",
    "by_purpose_permit_title": "By purpose and stay permit",
    "purpose": "Purpose",
    "purpose_of_visit": "Purpose of visit",
    "permit_type": "Stay permit type",
    "purpose_permit_note": (
        "Each person counts once, by their latest report of this week that gives a purpose or stay permit type."
    ),
    # complaints
    # foreign workers per sponsor
    "workers_title": "Foreign workers (purpose: work) per company/sponsor",
    "sponsor": "Reporting company/sponsor",
    "sponsor_not_given": "(not given)",
    "workers_this_week": "Workers this week",
    "new_workers": "New workers this week",
    "workers_in_week": "Workers {week}",
    "workers_note": (
        "Foreigners whose purpose of stay is work (the latest purpose reported for that week), per company or "
        "sponsor that reported them (the hotel/lodging/company name question) and kecamatan; each person counts once "
        "per week, as a number only, never by name. Week columns: the last {weeks} weeks, this week on the right."
    ),
    "sheet_workers": "Workers per sponsor",
    "complaints_title": "Public complaints",
    "category": "Category",
    "received": "Received",
    "received_this_week": "Received this week",
    "resolved": "Resolved",
    "resolved_this_week": "Resolved this week",
    "overdue_column": "Overdue (still new > {days} days)",
    "overdue_short": "Overdue (new > {days} days)",
    "overdue_note": (
        "Overdue: complaints still in status new that came in more than {days} days earlier, including those "
        "of past weeks."
    ),
    # overstay alerts
    "alerts_title": "Overstay alerts",
    "alert_kind": "Alert kind",
    "open_at_week_end": "Open at the end of the week",
    "new": "New",
    "new_this_week": "New this week",
    "open_over_60_days": "Open > 60 days",
    "open_over_60_days_deportation": "Open > 60 days (deportation)",
    "alerts_note": (
        "Resolved: closed by an officer, or automatically by a later report (permit extension, KITAS/KITAP, "
        "check-out before the permit expired). The list below: alerts still open and those resolved this week, "
        "with their status and officer as of {date}. Follow up with the command timpora alerts ack ID, "
        "or in the results sheet's Status column."
    ),
    "no_alerts_at_week_end": "No alert was open or resolved in this week (as of {date}).",
    "alert_id": "Alert ID",
    "id_kind": "ID / kind",
    "status_officer": "Status / officer",
    "officer": "Officer",
    "raised_on": "Raised",
    "days_since_raised": "Days since raised",
    "permit_expires_short": "Permit / expires",
    "alert_list": "List (pseudonymous IDs)",
    "alert_list_restricted": "List for follow-up",
    "name_passport": "Name / passport",
    "lodging_reporter": "Lodging / reporter",
    "pseudonymous_id": "Person ID",
    "citizen_of": "Citizen of",
    "days_over_or_left": "Days over / days left",
    "days_left": "{days} left",
    "alerts_shown": "{shown} of {total} alerts shown; the full list is in the XLSX attachment.",
    "restricted_note_title": "Restricted edition.",
    "restricted_note": (
        "Contains names, passport numbers and phone numbers: for authorised officers only; do not forward it or "
        "print it for the public."
    ),
    "pseudonymous_note": (
        "Identities are shown as pseudonymous IDs; names and passport numbers are only in the restricted edition "
        "for authorised officers."
    ),
    # data quality
    "quality_title": "Data quality: rejected values",
    "quality_note": (
        "Values that could not be read are left empty and listed here by source (form), question and reason, so "
        "the office knows which form or answers to fix. The report rows still count."
    ),
    "form_question": "Form question",
    "reason": "Reason",
    "rejected_values": "Rejected values",
    "example_row": "Example row",
    "rejects_shown": "{shown} of {total} rows shown; the rest are in the XLSX attachment.",
    "no_rejects": "No rejected values.",
    # workbook only
    "sheet_info": "Info",
    "sheet_summary": "Summary",
    "sheet_kabkota": "Regencies and cities",
    "sheet_kecamatan": "Districts",
    "sheet_nationality": "Nationality",
    "sheet_purpose": "Purpose",
    "sheet_permit_type": "Permit type",
    "sheet_complaints": "Complaints",
    "sheet_alert_counts": "Overstay summary",
    "sheet_alert_list": "Overstay list",
    "sheet_quality": "Data quality",
    "sheet_freshness": "Data freshness",
    "item": "Item",
    "value": "Value",
    "office_code": "Office code",
    "edition": "Edition",
    "week_start": "Start (Monday)",
    "week_end": "End (Sunday)",
    "generated_in_zone": "Generated ({zone})",
    "built_in_zone": "Data built ({zone})",
    "alerts_as_of": "Overstay alerts as of",
    "change_percent": "Change (%)",
    "status": "Status",
    "person_id": "Person ID (pseudonymous)",
    "iso_code": "ISO code",
    "permit_code": "Permit code",
    "permit_expires": "Permit expires",
    "days_overstayed": "Days overstayed",
    "days_to_expiry": "Days until the permit expires",
    "name": "Name",
    "passport_number": "Passport number",
    "lodging": "Lodging",
    "address": "Address",
    "reporter": "Reporter",
    "reporter_phone": "Reporter's phone number",
    "field": "Field",
    "meaning": "Meaning",
    "example_row_number": "Example row number",
    "form_kind": "Form kind",
    "last_read_in_zone": "Last successful read ({zone})",
    "rejected": "Rejected",
    "stale": "Stale",
    "yes": "Yes",
    "no": "No",
}
