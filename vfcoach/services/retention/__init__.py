"""Retention rules, legal holds, `retention due` and erasing a family (issue 14 §2)."""
