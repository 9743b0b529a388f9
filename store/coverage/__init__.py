"""Network coverage: areas, hotspots and their health, volunteers, training, WiFi users, metrics."""
