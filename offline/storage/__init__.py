"""The local store: the database and its migrations, files, settings, secrets, the audit
chain, the profile folder, the PC clock check, and what storage errors mean to a clerk."""
