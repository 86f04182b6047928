"""The supervision (电子监察) parts of the window: the 预警 panel, 督办 and 催办 dialogs."""
