"""The window as a whole: background work, settings, first run, screen size, translations."""
