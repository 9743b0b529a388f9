"""gunicorn's settings file for an app host: ``-c deploy/gunicorn.conf.py`` in the systemd unit
(``deploy/systemd/netdash@.service``) and in ``scripts/cluster.sh``. The other settings (workers,
threads, timeouts, the address) stay on those command lines.
"""

from __future__ import annotations

from typing import Any


def worker_exit(server: Any, worker: Any) -> None:
    """A worker that stops (a restart, a reload, SIGTERM) ends its XLSX export processes first.

    Python's exit would wait for them (``exports.jobs.ExportJobs.terminate`` says why that held a
    stopping worker until gunicorn killed it, leaving the processes behind).
    """
    from exports.jobs import terminate_export_workers  # imported here: in the worker, never in the arbiter

    terminate_export_workers(getattr(worker, "wsgi", None))
