"""The store on disk: database, migrations, crashes, disk full, corruption, permissions, data
at rest."""
