"""The systemd units a deployment copies are valid as systemd reads them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.jobs import DEFAULT_JOB_TIMEOUT_S

REPO = Path(__file__).resolve().parents[1]
UNITS = REPO / "deploy" / "systemd"
UNIT = UNITS / "netdash@.service"
INGEST_UNIT = UNITS / "netdash-ingest@.service"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize(("template", "instance"), [(UNIT, "8061"), (INGEST_UNIT, "1")])
def test_the_units_pass_systemd_analyze(tmp_path: Path, template: Path, instance: str) -> None:
    """Checked with this checkout standing in for /opt/netdash (where the units expect the install)."""
    venv_bin = Path(sys.executable).parent
    text = template.read_text(encoding="utf-8").replace("/opt/netdash/.venv/bin", str(venv_bin))
    unit = tmp_path / template.name.replace("@", f"@{instance}")
    unit.write_text(text.replace("/opt/netdash", str(REPO)), encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(unit)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_the_unit_lets_nginx_face_the_network() -> None:
    """gunicorn binds to the loopback only: nginx buffers slow clients in front of it."""
    exec_start = next(line for line in UNIT.read_text(encoding="utf-8").splitlines() if line.startswith("ExecStart="))
    assert "--bind 127.0.0.1:%i" in exec_start and "app:server" in exec_start


def test_the_ingest_worker_stops_warm() -> None:
    """systemd signals the worker alone and waits longer than a job may run: the batch under way is committed."""
    lines = INGEST_UNIT.read_text(encoding="utf-8").splitlines()
    assert "KillMode=mixed" in lines and "ExecStart=/opt/netdash/.venv/bin/python -m cli worker" in lines
    stop_s = int(next(line for line in lines if line.startswith("TimeoutStopSec=")).partition("=")[2])
    assert stop_s > DEFAULT_JOB_TIMEOUT_S
