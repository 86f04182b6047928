"""The one intake transaction the window and the CLI share, and the rows it writes."""
