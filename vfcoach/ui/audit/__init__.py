"""The *Audit trail…* dialog (issue 14 §4): who did what, and a check nobody changed it."""
