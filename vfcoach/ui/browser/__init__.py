"""The family / visit / recording browser."""
