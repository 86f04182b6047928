"""Intake: who may apply, ID numbers and phones checked, the JSON form of a request."""
