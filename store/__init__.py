"""The data package: models, migrations, the demo-data generator and the queries.

Every query takes an ``AreaScope`` and an as-of date (see ``store.scope``).
"""
