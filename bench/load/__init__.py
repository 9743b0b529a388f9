"""Load tests with locust: realistic users of the dashboard against a running server or the cluster.

``python -m bench.load --host http://127.0.0.1:8080 --users 200 --minutes 10`` (the long form in
``make bench-load``); ``--users 20 --seconds 30`` is the short form CI runs, failing on any error.
"""
