"""The administrator's tools: preseeding, logs, support bundles, backup and restore."""
