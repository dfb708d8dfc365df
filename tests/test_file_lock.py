"""One writer at a time, and no lock file left behind once the last writer is done."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest

from klantlab.io import WorkbookFile
from klantlab.io.file_lock import LockTimeoutError, exclusive


def _count(lock: str, counter: str, times: int) -> None:
    for _ in range(times):
        with exclusive(Path(lock), timeout=30):
            value = int(Path(counter).read_text())
            time.sleep(0.001)  # a writer without the lock would lose counts here
            Path(counter).write_text(str(value + 1))


def test_writers_in_several_processes_take_turns_and_leave_no_lock_file(tmp_path: Path) -> None:
    lock, counter = tmp_path / ".werkboek.klantlab.json.lock", tmp_path / "teller"
    counter.write_text("0")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_count, args=(str(lock), str(counter), 40)) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0] * 6
    assert counter.read_text() == "240"  # 6 × 40: nobody wrote while another held the lock
    assert sorted(p.name for p in tmp_path.iterdir()) == ["teller"]


def test_a_writer_that_waits_too_long_is_told(tmp_path: Path) -> None:
    lock = tmp_path / ".x.lock"
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with exclusive(lock, timeout=5):
            held.set()
            done.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    with pytest.raises(LockTimeoutError), exclusive(lock, timeout=0.2):
        pass
    done.set()
    holder.join()
    assert not lock.exists()


def test_saving_a_workbook_leaves_only_the_workbook_and_its_backup(tmp_path: Path) -> None:
    handle = WorkbookFile.create(tmp_path / "klant.klantlab.json", "Klant B.V.")
    handle.workbook.client.consultant = "Anna"
    handle.save()
    (tmp_path / ".klant.klantlab.json.lock").write_text("")  # left by an older klantlab: gone after the next save
    handle.workbook.client.consultant = "Bram"
    handle.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["klant.klantlab.json", "klant.klantlab.json.bak"]
