"""Working-day time limits, statutory holidays, and a case's clock and light (电子监察)."""
