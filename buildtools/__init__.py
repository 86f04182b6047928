"""Build-time helpers for build.spec and for preparing the bundled fonts (not shipped)."""
