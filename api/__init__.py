"""The read API (JSON, GeoJSON, CSV) as Flask blueprints on the dashboard's server."""
