"""The runtime data layer, by feature: ``core`` (engine, area scopes, the versioned cache, the
scope filter, privacy, text search), ``coverage`` (areas, hotspots, volunteers, training,
metrics), ``tickets``, ``showcase``, and the Alembic ``migrations``.

Every query takes an ``AreaScope`` and an as-of date (see ``store.core.scope``). Nothing here
imports the UI, the demo generator or geodata.
"""
