"""Coding from the keyboard: the code panel, its shortcuts, and the controller behind them."""
