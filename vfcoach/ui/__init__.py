"""Qt views, item models, controllers and undo commands.

Views format what stores and controllers give them and compute nothing; every write goes
through a store, which commits it in its own transaction before any view redraws.
"""
