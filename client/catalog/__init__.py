"""The service-item catalog: loading and validating it, and searching it."""
