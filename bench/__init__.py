"""`make bench`: how fast and how heavy the country map is, next to the perf baselines, on this machine.

Measures (a) time to "map drawn" in headless Chromium (cold browser cache) for our app and the two
baselines of ../shared/tools/perf (standalone Plotly Scattermap and folium pages of 24,700 points),
(b) bytes as sent for the first map, and (c) server time of the drill-down callbacks.
Prints a table and writes var/bench/latest.json.
"""
