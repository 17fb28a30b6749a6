"""Reels: create from suggestions, add and edit clips, override, view, export."""
