"""The family's consent in the window (issue 14 §1): the panel, its form, and the watches
that stop an open coding window or caregiver window the moment consent is withdrawn."""
