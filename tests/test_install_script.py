"""The set-up script for the system programs waits for apt when another apt or dpkg process holds its lock."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "install-system-packages.sh"
DPKG_LOCKS = ("/var/lib/dpkg/lock-frontend", "/var/lib/dpkg/lock")
HELD_S = 60


@pytest.mark.timeout(900)
@pytest.mark.skipif(
    shutil.which("apt-get") is None or os.geteuid() != 0 or not Path("/usr/bin/chromium").exists(),
    reason="needs Debian's apt-get, root and chromium installed (as CI has)",
)
def test_the_installer_waits_while_another_process_holds_the_dpkg_lock(tmp_path: Path) -> None:
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:  # as apt or dpkg itself holds them: fcntl locks on both lock files
        fds = [os.open(path, os.O_RDWR | os.O_CREAT) for path in DPKG_LOCKS]
        try:
            for fd in fds:
                fcntl.lockf(fd, fcntl.LOCK_EX)
            holding.set()
            release.wait(HELD_S)
        finally:
            for fd in fds:
                os.close(fd)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    started = time.monotonic()
    try:
        # chromium "missing" at a path nobody has: the script installs Debian's (there already: at most an update)
        done = subprocess.run(
            ["bash", str(SCRIPT)],
            env={**os.environ, "CHROMIUM_PATH": str(tmp_path / "no-chromium"), "CI": "true"},
            capture_output=True,
            text=True,
            timeout=800,
        )
    finally:
        release.set()
        holder.join()
    took = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    assert took >= HELD_S - 5  # it waited for the lock instead of failing at once
    assert "Installing Debian packages for the tests: chromium" in done.stdout
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "chromium"], capture_output=True, text=True)
    assert status.stdout == "install ok installed"  # there already, or brought up to date: either way installed
