"""`python -m pipelines.cli`, where the timpora script is not installed."""

from pipelines.cli import app

app()
