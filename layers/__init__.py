"""Map layers: pure functions from data frames to Plotly traces (and folium layers).

No database, no Dash, no I/O: what goes in is a frame prepared by the queries, what comes out
is a trace; labels come in already translated.
"""
