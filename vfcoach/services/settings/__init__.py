"""The organisation's settings the Settings dialog edits, read and saved as one whole."""
