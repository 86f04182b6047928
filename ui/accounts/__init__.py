"""The people at the window: lock screen, idle lock, shift change, password change."""
