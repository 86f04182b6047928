"""A case's official documents in the store: the data they are made from, the service that renders,
seals, signs and records them, the decision records and the signing key.
"""
