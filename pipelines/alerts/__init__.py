"""Alert follow-up: the officers' side of the lifecycle (acknowledge, resolve) and announcements."""
