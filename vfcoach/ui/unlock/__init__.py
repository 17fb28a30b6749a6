"""Before the main window: unlock an encrypted database, or protect a new one."""
