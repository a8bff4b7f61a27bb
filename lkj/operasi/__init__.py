"""Running the application: the render worker's heartbeat, the health page, backup and restore,
and the answers to faults (a busy SQLite database, stale renders, abandoned upload drafts)."""
