"""Configuration: offices, sources, header aliases and paths, loaded from TOML and validated."""

from __future__ import annotations

import os
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipelines.core.cron import valid_cron
from pipelines.core.locales import locale_order

DEFAULT_CONFIG = Path("config/timpora.toml")
CONFIG_ENV = "TIMPORA_CONFIG"
FormKind = Literal["lodging", "complaint"]
MEMORY_PATTERN = r"(?i)^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$"
# a pseudonym key shorter than this, or made of fewer distinct characters, could be guessed offline
MIN_KEY_BYTES = 32
MIN_KEY_DISTINCT = 8
KEY_RECIPE = 'python -c "import secrets; print(secrets.token_hex(32))"'
# the key `make demo` and `timpora demo` use (written in the Makefile): for the demo data only
DEMO_PSEUDONYM_KEY = "demo-only-pseudonym-key-not-for-production"


class ConfigError(ValueError):
    """The configuration file is missing, unreadable or inconsistent."""


def spreadsheet_key(text: str) -> str:
    """A spreadsheet's key from the key itself or from its full URL."""
    marker = "/spreadsheets/d/"
    if marker in text:
        return text.split(marker, 1)[1].split("/", 1)[0]
    return text


def known_timezone(value: str) -> str:
    """The IANA timezone name itself, or a ValueError for a name tzdata does not know."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown timezone {value!r} (use e.g. Asia/Jakarta, Asia/Makassar)") from exc
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AlertRules(_Model):
    """Alert and follow-up thresholds an office may set for itself (unset: the global `[alerts]` value)."""

    expiring_within_days: int | None = Field(None, ge=0, description="EXPIRING_SOON: permit expires within N days")
    visa_free_days: int | None = Field(None, ge=1, description="VISA_FREE_LIMIT: days a visa-free visit may last")
    voa_days: int | None = Field(None, ge=1, description="VOA_LIMIT: days a visa on arrival allows")
    complaint_sla_days: int | None = Field(None, ge=0, description="a complaint without response is overdue after")


RESULT_TABS = ("Peringatan", "Ringkasan Mingguan", "Kualitas Data")


class ResultsSheet(_Model):
    """The spreadsheet an office's officers work in: the pipeline keeps its three result tabs current."""

    spreadsheet: str = Field(description="spreadsheet key or its full URL; may be the form's own spreadsheet")
    restricted: bool = Field(
        False, description="a closed spreadsheet: the alerts tab may show names and passport numbers"
    )

    @property
    def spreadsheet_key(self) -> str:
        """The key, also when a full URL was configured."""
        return spreadsheet_key(self.spreadsheet)


class Office(_Model):
    """An immigration office (Kanim) and the kabupaten/kota its Timpora covers."""

    code: str
    name: str
    timezone: str = "Asia/Jakarta"
    kabkota_codes: list[str] = Field(
        default_factory=list, description="Kemendagri codes of the kabupaten/kota covered, e.g. 21.03"
    )
    alerts: AlertRules = AlertRules()
    results: ResultsSheet | None = Field(None, description="where alerts and summaries are published")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        return known_timezone(value)

    @property
    def tz(self) -> ZoneInfo:
        """The office's timezone (WIB, WITA or WIT)."""
        return ZoneInfo(self.timezone)

    def today(self) -> date:
        """Today's date in the office's timezone."""
        return datetime.now(self.tz).date()


class _SourceBase(_Model):
    name: str
    office: str
    kind: FormKind
    locale: str | None = Field(
        None,
        description="locale of dates in the responses, any CLDR locale or Google's code (id_ID or in_ID "
        "day-first, en_US month-first, ja_JP year-first); unset: the spreadsheet's own locale, else id_ID",
    )

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str | None) -> str | None:
        if value is not None and locale_order(value) is None:
            raise ValueError(f"unknown locale {value!r}: CLDR has no date format for it (use e.g. id_ID, en_US)")
        return value


class GSheetSource(_SourceBase):
    """A Google Sheet of form responses read through the Sheets API."""

    type: Literal["gsheet"]
    spreadsheet: str = Field(description="spreadsheet key or its full URL")
    worksheet: str | int = Field(0, description="worksheet title, or its gid as an integer")

    @property
    def spreadsheet_key(self) -> str:
        """The key, also when a full URL was configured."""
        return spreadsheet_key(self.spreadsheet)


class FileSource(_SourceBase):
    """A CSV or XLSX download of form responses."""

    type: Literal["file"]
    path: Path
    sheet: str | int = Field(0, description="XLSX only: worksheet name or index")


Source = Annotated[GSheetSource | FileSource, Field(discriminator="type")]


class GoogleSettings(_Model):
    """How to reach the Sheets API."""

    credentials_file: Path | None = Field(
        None, description="service-account JSON key; unset means application default credentials"
    )
    api_endpoint: str = "https://sheets.googleapis.com"
    timeout_seconds: float = 30.0
    max_attempts: int = 6
    page_rows: int = Field(5000, description="data rows per values request (the first also carries the header)")
    full_sync_hours: float = Field(24.0, description="an incremental sync older than this becomes a full pass")


class AlertSettings(_Model):
    """Defaults of the alert rules; each office may override them under `[offices.alerts]`."""

    expiring_within_days: int = Field(7, ge=0)
    visa_free_days: int = Field(30, ge=1)
    voa_days: int = Field(30, ge=1)
    complaint_sla_days: int = Field(3, ge=0)
    recent_presence_days: int = Field(
        30, ge=1, description="a stay without check-out counts as present at most this long after arrival"
    )

    def for_office(self, overrides: AlertRules) -> AlertSettings:
        """These defaults with an office's own values on top."""
        return self.model_copy(update=overrides.model_dump(exclude_none=True))


class PublishSettings(_Model):
    """What the results tabs of each office's spreadsheet hold."""

    closed_alert_days: int = Field(14, ge=0, description="a resolved alert stays on the alerts tab this many days")
    summary_weeks: int = Field(12, ge=1, le=52, description="weeks of district summary on the weekly tab")


class ScheduleSettings(_Model):
    """When the flows run: `timpora serve` and prefect.yaml, which is generated from these and the offices."""

    sync_minutes: int = Field(15, ge=1, description="minutes between incremental syncs of every source")
    reconcile_cron: str = Field("30 1 * * *", description="the nightly full read of every sheet, on reconcile_timezone")
    reconcile_timezone: str = "Asia/Jakarta"
    build_minutes: int = Field(60, ge=1, description="minutes between rebuilds (each publishes the offices' results)")
    report_cron: str = Field("0 7 * * 1", description="each office's weekly report, on the office's own clock")
    work_pool: str = Field("timpora", pattern=r"^[\w.-]+$", description="the Prefect work pool of prefect.yaml")

    @field_validator("reconcile_cron", "report_cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        return valid_cron(value)

    @field_validator("reconcile_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        return known_timezone(value)


class NotificationChannel(_Model):
    """Where new alerts are announced, as an apprise URL (email, Telegram, webhook, ...)."""

    name: str
    url: str | None = Field(None, description="apprise URL; prefer url_env, since URLs carry tokens")
    url_env: str | None = Field(None, description="environment variable that holds the apprise URL")
    offices: list[str] = Field(default_factory=list, description="office codes to announce; empty: every office")
    restricted: bool = Field(False, description="a closed channel: messages may name the person and passport")

    @model_validator(mode="after")
    def _one_url(self) -> NotificationChannel:
        if (self.url is None) == (self.url_env is None):
            raise ValueError(f"notification channel {self.name!r} needs exactly one of url and url_env")
        return self

    def resolved_url(self) -> str | None:
        """The URL to send to; None when its environment variable is not set."""
        return self.url if self.url is not None else os.environ.get(self.url_env) or None


class QuerySettings(_Model):
    """Limits of the analysts' ad-hoc queries (`timpora sql`) on the snapshot."""

    timeout_seconds: float = Field(60.0, gt=0, description="a query still running after this is stopped")
    memory_limit: str = Field(
        "512MB", pattern=MEMORY_PATTERN, description="memory one analyst query may use (e.g. '512MB', '2GiB')"
    )


class Settings(_Model):
    """The whole configuration."""

    warehouse: Path = Path("data/timpora.duckdb")
    snapshot: Path | None = Field(None, description="read-only copy for analysts; default: beside the warehouse")
    restricted_snapshot: Path | None = Field(
        None, description="owner-only copy with personal data, for the restricted report; default: beside the warehouse"
    )
    report_dir: Path = Path("reports")
    headers_file: Path = Path("headers.toml")
    nationality_aliases_file: Path = Path("nationality_aliases.toml")
    pseudonym_key_env: str = "TIMPORA_PSEUDONYM_KEY"
    writer_wait_seconds: float = Field(
        300.0, ge=0, description="a sync or build waits this long for another one to finish, then skips"
    )
    memory_limit: str = Field(
        "1GB",
        pattern=MEMORY_PATTERN,
        description="memory DuckDB may use in a sync or build (e.g. '1GB', '512MiB'); beyond it, it spills to disk",
    )
    google: GoogleSettings = GoogleSettings()
    alerts: AlertSettings = AlertSettings()
    publish: PublishSettings = PublishSettings()
    query: QuerySettings = QuerySettings()
    schedule: ScheduleSettings = ScheduleSettings()
    offices: list[Office]
    sources: list[Source] = Field(default_factory=list)
    notifications: list[NotificationChannel] = Field(default_factory=list)
    header_aliases: dict[str, dict[str, list[str]]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        codes = [office.code for office in self.offices]
        if len(set(codes)) != len(codes):
            raise ValueError(f"office codes must be unique: {codes}")
        names = [source.name for source in self.sources]
        if len(set(names)) != len(names):
            raise ValueError(f"source names must be unique: {names}")
        for source in self.sources:
            if source.office not in codes:
                raise ValueError(f"source {source.name!r} names unknown office {source.office!r}; known: {codes}")
        self._results_apart_from_responses()
        for channel in self.notifications:
            unknown = set(channel.offices) - set(codes)
            if unknown:
                raise ValueError(f"notification channel {channel.name!r} names unknown offices {sorted(unknown)}")
        return self

    def _results_apart_from_responses(self) -> None:
        """The pipeline never writes to a form-responses tab, even when results share its spreadsheet."""
        written = {(o.results.spreadsheet_key, tab) for o in self.offices if o.results for tab in RESULT_TABS}
        for source in self.sources:
            if isinstance(source, GSheetSource) and (source.spreadsheet_key, source.worksheet) in written:
                raise ValueError(
                    f"source {source.name!r} reads the tab {source.worksheet!r}, which the pipeline writes "
                    f"its results to; rename the responses tab or give the office another spreadsheet"
                )

    def alert_rules(self, office_code: str) -> AlertSettings:
        """The alert thresholds in force for one office."""
        return self.alerts.for_office(self.office(office_code).alerts)

    @property
    def snapshot_path(self) -> Path:
        """Where the analysts' read-only copy is published."""
        return self.snapshot or self.warehouse.with_name(self.warehouse.stem + "_snapshot.duckdb")

    @property
    def restricted_snapshot_path(self) -> Path:
        """Where the owner-only copy with personal data is published (read by the restricted report)."""
        return self.restricted_snapshot or self.warehouse.with_name(self.warehouse.stem + "_restricted.duckdb")

    def office(self, code: str) -> Office:
        """The office with this code, or a ConfigError naming the known ones."""
        for office in self.offices:
            if office.code == code:
                return office
        raise ConfigError(f"unknown office {code!r}; configured: {', '.join(o.code for o in self.offices)}")

    def source(self, name: str) -> GSheetSource | FileSource:
        """The source with this name, or a ConfigError naming the known ones."""
        for source in self.sources:
            if source.name == name:
                return source
        raise ConfigError(f"unknown source {name!r}; configured: {', '.join(s.name for s in self.sources)}")

    def pseudonym_key(self) -> bytes:
        """The secret for pseudonymous ids: a missing, short or repetitive one is an error, not a silent default.

        Raises:
            ConfigError: the variable is unset, holds fewer than 32 bytes, or fewer than 8 distinct
                characters (e.g. one character repeated); the message says how to make a good key.
        """
        name = self.pseudonym_key_env
        value = os.environ.get(name, "")
        if not value:
            problem = f"{name} is not set"
        elif len(value.encode()) < MIN_KEY_BYTES:
            problem = f"{name} is too short ({len(value.encode())} bytes; at least {MIN_KEY_BYTES})"
        elif len(set(value)) < MIN_KEY_DISTINCT:
            distinct = len(set(value))
            problem = f"{name} is too easy to guess (only {distinct} distinct character{'s' if distinct > 1 else ''})"
        else:
            return value.encode()
        demo = f"; for the demo's warehouse, the key `make demo` used: `export {name}={DEMO_PSEUDONYM_KEY}`"
        raise ConfigError(
            f"{problem}: it keys the pseudonymous person ids. Make one with `{KEY_RECIPE}`, then "
            f"`export {name}=<that value>` and keep it (a new key re-keys every person and alert)"
            + (demo if not value else "")
        )


def resolve_config_path(path: Path | str | None = None) -> Path:
    """The config path from the argument, else $TIMPORA_CONFIG, else config/timpora.toml."""
    if path:
        return Path(path)
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except IsADirectoryError as exc:
        raise ConfigError(f"{path} is a folder, not a config file (e.g. {path / 'timpora.toml'})") from exc
    except (PermissionError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} cannot be read ({type(exc).__name__})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc


def _relative_to(base: Path, value: Path | None) -> Path | None:
    if value is None or value.is_absolute():
        return value
    return base / value


def load_config(path: Path | str | None = None) -> Settings:
    """Load and validate the configuration.

    Paths of data files (warehouse, sources, reports) are relative to the working directory, as a user
    types them; `headers_file` and `nationality_aliases_file` are relative to the config file's folder.
    Header aliases are read from `headers_file` unless the config holds `header_aliases` itself.
    """
    config_path = resolve_config_path(path)
    data = _read_toml(config_path)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:  # what is wrong and where, never the values (a URL may carry tokens)
        problems = [
            f"{'.'.join(map(str, error['loc'])) or 'config'}: {error['msg']}"
            for error in exc.errors(include_url=False, include_input=False)
        ]
        raise ConfigError(f"invalid config {config_path}: {'; '.join(problems)}") from exc
    folder = config_path.parent
    updates = {
        "headers_file": _relative_to(folder, settings.headers_file),
        "nationality_aliases_file": _relative_to(folder, settings.nationality_aliases_file),
    }
    if not settings.header_aliases:
        updates["header_aliases"] = _read_toml(updates["headers_file"])
    return settings.model_copy(update=updates)
