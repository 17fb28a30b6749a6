"""Annotations in and out of a coding pass (CSV, JSON)."""
