"""Sync in the window: the controller that owns the engine and the latest status, the status bar
and the queue screen.
"""
