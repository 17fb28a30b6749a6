"""Windows and dialogs that bring recordings in."""
