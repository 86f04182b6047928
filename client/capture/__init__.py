"""Materials capture core (no Qt): the page model, safety checks on imported files, image
clean-up, one PDF per material and separator sheets for batch scanning.

Device sources (SANE, watched folder, WIA, camera) live in `client.capture.devices` and
`client.capture.sources`; the screens live in `ui/`.
"""
