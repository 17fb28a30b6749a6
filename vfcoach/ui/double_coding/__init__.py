"""The supervisor's double-coding plan in the GUI: share, seeded draw, assignments, what is due."""
