"""The systemd unit a deployment copies is valid as systemd reads it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
UNIT = REPO / "deploy" / "systemd" / "netdash@.service"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_app_host_unit_passes_systemd_analyze(tmp_path: Path) -> None:
    """Checked with this checkout standing in for /opt/netdash (where the unit expects the install)."""
    venv_bin = Path(sys.executable).parent
    text = UNIT.read_text(encoding="utf-8").replace("/opt/netdash/.venv/bin", str(venv_bin))
    unit = tmp_path / "netdash@8061.service"
    unit.write_text(text.replace("/opt/netdash", str(REPO)), encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(unit)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_the_unit_lets_nginx_face_the_network() -> None:
    """gunicorn binds to the loopback only: nginx buffers slow clients in front of it."""
    exec_start = next(line for line in UNIT.read_text(encoding="utf-8").splitlines() if line.startswith("ExecStart="))
    assert "--bind 127.0.0.1:%i" in exec_start and "app:server" in exec_start
