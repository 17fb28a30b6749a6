"""Coder reliability: agreement, drift, the double-coding plan, settings, the report."""
