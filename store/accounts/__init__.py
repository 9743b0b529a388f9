"""People's accounts: e-mail, password hash, one role, the provinces of an officer, lock-out."""
