"""Components of the map page: pure functions from figures to Dash components."""
