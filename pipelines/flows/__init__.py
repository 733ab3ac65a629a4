"""Prefect flows (`pipeline`), their deployments planned from the config (`deployments`) and next runs (`schedule`)."""
