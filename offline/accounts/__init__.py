"""People at the window (docs/accounts.md): who is logged in (session), what they may do
(powers), offline login and the lock (login), the offline verifier, password changes."""
