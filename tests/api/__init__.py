"""The central system's contract: API and tus clients, retry policy, reference central, login."""
