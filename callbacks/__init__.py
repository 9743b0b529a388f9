"""Dash callbacks by feature; each module's ``register(app, ...)`` receives what it needs."""
