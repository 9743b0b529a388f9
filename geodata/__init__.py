"""Boundaries, codes and names of Thailand's administrative areas, cleaned once and cached.

`prepare.prepare_geodata()` reads the source files (see `sources.py`) into an ignored cache;
`load` reads that cache and the rest of the code trusts what it returns; `web` serves the
simplified layers to the browser map.
"""
