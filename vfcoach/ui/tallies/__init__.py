"""The Tallies panel: live ITM figures, the fidelity verdict, 5-minute windows and trends."""
