"""The ticket table: its own Dash app at /tickets/, on the dashboard's Flask server."""
