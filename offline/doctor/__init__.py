"""doctor: checks of the installation and the data, reported in Chinese."""
