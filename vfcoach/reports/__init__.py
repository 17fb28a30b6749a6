"""Rendering and serialising results (HTML, SVG, JSON, CSV) with one cell policy.

No Qt and no database: a report is built from values a service computed, so the CLI, the
window and a test render the very same text.
"""
