"""The intake screen and its parts: item picker, applicant forms, materials checklist, the reasons
a 补正 or 不予受理 carries, today's cases.
"""
