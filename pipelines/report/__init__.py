"""Report stage: an office's weekly rakor report, gathered from the marts, written as HTML, PDF and XLSX."""

from __future__ import annotations

from importlib import import_module
from typing import Any

# names resolve on first use, so importing the week helpers does not load matplotlib and jinja2
_EXPORTS = {
    "WeeklyReport": "pipelines.report.records",
    "build_weekly_report": "pipelines.report.weekly",
    "iso_week_bounds": "pipelines.report.weeks",
    "iso_week_of": "pipelines.report.weeks",
    "previous_iso_week": "pipelines.report.weeks",
    "neutralise_cell": "pipelines.report.render",
    "write_report": "pipelines.report.render",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import an exported name from its module on first access."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
