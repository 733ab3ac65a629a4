"""Prefect flows (`pipeline`) and the schedules that run them (`schedule`)."""
