"""Team mode use cases: set up a team database and manage its people (issue 13 §1)."""
