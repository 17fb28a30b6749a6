"""The Reliability view (issue 6 §3): figures, confusion heatmap, disagreement navigator, drift.

Every number comes from `vfcoach.services.reliability.irr` (the same operation `vfcoach irr`
prints), so the view and the CLI can never disagree; this package only lays them out and
drives the player and the timeline of the main window to each disagreement.
"""
