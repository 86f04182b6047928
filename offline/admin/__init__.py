"""The administrator's tools: settings files for preseeding, logs, support bundles, backup and
restore (docs/admin.md)."""
