"""The central system seen from the window: its API client, the tus upload client and the one retry
policy.
"""
