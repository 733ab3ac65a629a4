"""Results back to the offices: alerts, weekly summary and data quality tabs in each office's spreadsheet."""
