"""Who uses the window: the first-start question and the person remembered per database."""
