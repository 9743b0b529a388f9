"""Tokens of machines: wall displays and API clients (stored hashed, shown once, rotated, revoked)."""
