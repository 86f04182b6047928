"""Documents in the window: the preview, printing (window and CLI), the main window's document
chooser."""
