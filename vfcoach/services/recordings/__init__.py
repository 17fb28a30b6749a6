"""Recordings: import, relink, the session list, opening one for coding."""
