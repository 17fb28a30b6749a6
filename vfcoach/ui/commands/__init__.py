"""One QUndoCommand class per user intent; each redo and undo is its own committed edit."""
