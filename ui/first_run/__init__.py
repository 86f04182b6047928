"""The first-run wizard: what a new profile needs before the first applicant."""
