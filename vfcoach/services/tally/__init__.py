"""ITM tallies, trends over visits, fidelity thresholds and clips."""
