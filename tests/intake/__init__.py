"""Intake: ID numbers, phones, catalog, working days, the intake transaction and screen."""
