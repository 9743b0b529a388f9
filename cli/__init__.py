"""The set-up command line (``python -m cli setup|demo``): geodata cache, migrations, demo data."""
