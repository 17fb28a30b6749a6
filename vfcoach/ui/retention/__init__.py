"""Erasing a family from the window (issue 14 §2): the dialog, and running it on the runner."""
