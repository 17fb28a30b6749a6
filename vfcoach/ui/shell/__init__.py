"""The window's frame: menus, toolbar icons, remembered layout, key map, help, settings.

Kept apart from `main_window.py` so that file stays a wiring of the coding screen's parts.
"""
