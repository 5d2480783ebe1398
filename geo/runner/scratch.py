"""What a run leaves on disk while it works, and how a later run knows it was left behind.

A run makes two temporary folders: ``OUT/.territory-XXXX/`` (the outputs being written, moved
into OUT at the end) and ``TMPDIR/territory-run-XXXX/`` (the run store, :mod:`geo.runner.store`).
A run that is killed (``kill -9``, an out-of-memory killer, a power cut) cannot remove them, so
each holds an owner file naming the process that made it (PID, host, start time). A later run
removes every such folder whose owner is gone (same host, PID no longer alive) and says so on
stderr; a folder of a run still going, or of a run on another host sharing the folder, is left
alone.

The output folder is also locked for the whole run (:class:`OutputLock`): a second run into the
same folder stops with a message naming the first (or waits for it with ``wait=True``). The lock
is an ``flock`` on ``OUT/.territory.lock``; the kernel releases it when its process dies, so a
killed run's lock is simply taken over (and the take-over is reported).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from geo.errors import OutputError

#: the file inside a temporary folder that names the run owning it
OWNER_FILE = ".territory-owner"
#: prefix of the folder the outputs are written into, inside OUT
OUTPUT_TMP_PREFIX = ".territory-"
#: prefix of the run store's folder, in TMPDIR
STORE_TMP_PREFIX = "territory-run-"
#: the lock file inside OUT
LOCK_FILE = ".territory.lock"


@dataclass(frozen=True)
class Owner:
    """The process a temporary folder or a lock belongs to."""

    pid: int
    host: str
    started: str

    @classmethod
    def me(cls) -> Owner:
        return cls(os.getpid(), socket.gethostname(), time.strftime("%Y-%m-%d %H:%M:%S %Z"))

    @classmethod
    def parse(cls, text: str) -> Owner | None:
        try:
            record = json.loads(text)
            return cls(int(record["pid"]), str(record["host"]), str(record.get("started", "?")))
        except (ValueError, KeyError, TypeError):
            return None

    def to_json(self) -> str:
        return json.dumps({"pid": self.pid, "host": self.host, "started": self.started})

    def describe(self) -> str:
        return f"PID {self.pid} on {self.host}, started {self.started}"

    def is_gone(self) -> bool:
        """Whether the owner is known to have ended: it ran on this host and its PID is free
        (a process of another host cannot be checked, so it is never taken for gone)."""
        return self.host == socket.gethostname() and not pid_alive(self.pid)


def pid_alive(pid: int) -> bool:
    """Whether a process with this PID exists on this host."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def owned_tempdir(prefix: str, folder: str | Path | None = None) -> Path:
    """A new temporary folder (``tempfile.mkdtemp``) holding an owner file naming this process.

    The folder's name names its owner too (``territory-run-<pid>@<host>-XXXX``): a run killed
    between making the folder and writing the owner file still leaves a folder a later run
    knows as its own."""
    me = Owner.me()
    path = Path(tempfile.mkdtemp(prefix=f"{prefix}{me.pid}@{_name_safe(me.host)}-", dir=folder))
    try:
        (path / OWNER_FILE).write_text(Owner.me().to_json(), encoding="utf-8")
    except BaseException:  # a stop signal too: without its owner file no run would remove it
        shutil.rmtree(path, ignore_errors=True)
        raise
    return path


def remove_stale(folder: str | Path | None, prefix: str, *, report: TextIO | None = None) -> list[Path]:
    """Remove the temporary folders ``prefix*`` in ``folder`` (default TMPDIR) left by runs that
    are gone; return them. A folder without an owner file is known by its name (a run killed
    while making it); other programs' folders and folders of live runs are left alone. Each
    removal is said on ``report`` (stderr)."""

    base = Path(folder) if folder is not None else Path(tempfile.gettempdir())
    removed: list[Path] = []
    try:
        candidates = sorted(p for p in base.iterdir() if p.name.startswith(prefix) and p.is_dir())
    except OSError:
        return removed
    for path in candidates:
        try:
            owner = Owner.parse((path / OWNER_FILE).read_text(encoding="utf-8"))
        except OSError:  # killed before the owner file was written: the name still says whose
            owner = None
        if owner is None:
            # no owner file, or one a kill cut short while it was written (empty, half a
            # record): the folder's name still says whose it is
            owner = _owner_from_name(path.name, prefix)
        if owner is None or not owner.is_gone():
            continue
        size = _size(path)
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            removed.append(path)
            print(f"territory: removed {path} ({size / 1e6:.1f} MB), left by a run that was stopped "
                  f"({owner.describe()})", file=report or sys.stderr)
    return removed


def remove_own(folder: str | Path | None, prefix: str) -> list[Path]:
    """Remove the temporary folders ``prefix*`` in ``folder`` (default TMPDIR) that this
    process's own name marks as its own; return them.

    For a stop signal only: it can land between a folder's making and the ``try`` that would
    remove it, and the process ends next, so none of its folders is still in use."""
    base = Path(folder) if folder is not None else Path(tempfile.gettempdir())
    me = Owner.me()
    try:
        candidates = sorted(p for p in base.iterdir() if p.name.startswith(prefix) and p.is_dir())
    except OSError:
        return []
    removed = []
    for path in candidates:
        owner = _owner_from_name(path.name, prefix)
        if owner is not None and (owner.pid, owner.host) == (me.pid, me.host):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _name_safe(host: str) -> str:
    """A host name as it may stand in a folder name."""
    return re.sub(r"[^A-Za-z0-9.-]", "_", host)


def _owner_from_name(name: str, prefix: str) -> Owner | None:
    """The owner a folder's name gives (see :func:`owned_tempdir`); None for any other name.
    A host whose name had to be changed to stand there is this host only if it reads the same."""
    m = re.match(rf"{re.escape(prefix)}(\d+)@([A-Za-z0-9._-]+)-[a-z0-9_]+$", name)  # mkdtemp's part has no "-"
    if m is None:
        return None
    here = socket.gethostname()
    host = here if m.group(2) == _name_safe(here) else m.group(2)
    return Owner(int(m.group(1)), host, "?")


def _size(path: Path) -> int:
    total = 0
    for sub in path.rglob("*"):
        with contextlib.suppress(OSError):
            total += sub.stat().st_size if sub.is_file() else 0
    return total


class OutputLock:
    """An exclusive lock on an output folder for the duration of a run (a context manager).

    Parameters
    ----------
    out_dir
        The output folder (it must exist).
    wait
        Wait for another run holding the lock to finish instead of stopping.
    report
        Where waiting and taking over a killed run's lock are said (stderr).
    """

    def __init__(self, out_dir: str | Path, *, wait: bool = False, report: TextIO | None = None) -> None:
        self.path = Path(out_dir) / LOCK_FILE
        self.wait = wait
        self.report = report
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock, waiting or raising :class:`OutputError` naming the other run."""
        while True:
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._holder(fd)
                if not self.wait:
                    os.close(fd)
                    raise OutputError(f"{self.path.parent}: another territory run is writing into this folder "
                                      f"({holder}); wait for it to finish, pass --wait, or choose another "
                                      "output folder") from None
                print(f"territory: waiting for the run writing into {self.path.parent} ({holder})",
                      file=self.report or sys.stderr)
                fcntl.flock(fd, fcntl.LOCK_EX)
            # the holder may have removed the file (its release) while this process waited on it:
            # a lock on a removed file locks nothing, so start again on the new one
            if not self._still_the_file(fd):
                os.close(fd)
                continue
            break
        previous = Owner.parse(self._read(fd))
        if previous is not None and previous.pid != os.getpid():
            print(f"territory: took over the lock on {self.path.parent} left by a run that was stopped "
                  f"({previous.describe()})", file=self.report or sys.stderr)
        os.ftruncate(fd, 0)
        os.pwrite(fd, Owner.me().to_json().encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Remove the lock file and let the next run in."""
        if self._fd is None:
            return
        # removed while still held: a run waiting on this file sees it is gone and retries
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise OutputError(f"{self.path.parent}: cannot lock the output folder ({exc.strerror})") from exc

    def _still_the_file(self, fd: int) -> bool:
        try:
            return os.path.samestat(os.fstat(fd), os.stat(self.path))
        except FileNotFoundError:
            return False

    def _holder(self, fd: int) -> str:
        owner = Owner.parse(self._read(fd))
        return owner.describe() if owner is not None else "a run that has not said who it is yet"

    @staticmethod
    def _read(fd: int) -> str:
        try:
            return os.pread(fd, 4096, 0).decode("utf-8", "replace")
        except OSError as exc:
            if exc.errno in (errno.EBADF, errno.EISDIR):
                return ""
            raise
