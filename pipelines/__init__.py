"""Timpora reporting pipeline: form responses about foreign nationals to coded tables, alerts and reports."""
