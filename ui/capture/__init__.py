"""Capturing materials in the window: the capture dialog, scanners and the document camera, the
page strip, batch scanning with separator sheets.
"""
