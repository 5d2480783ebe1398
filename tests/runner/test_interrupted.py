"""Runs that are killed, output folders shared by two runs, output folders that cannot be written.

The kill tests start ``territory run`` as a real process, wait until it is at a given stage (its
temporary folders exist; it is writing the outputs), send it SIGTERM or SIGKILL, and check that
the previous outputs are whole and that the next run leaves nothing behind.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from _dispatches import write_corpus

from geo.cli.main import main as territory
from geo.errors import OutputError
from geo.runner.pipeline import OUTPUT_FILES, run
from geo.runner.scratch import LOCK_FILE, OWNER_FILE, OutputLock, owned_tempdir, remove_stale

#: seconds a test waits for a process to reach a stage before giving up (bounds every test)
PATIENCE = 90


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """A corpus and the outputs of one complete run of it."""
    base = tmp_path_factory.mktemp("finished")
    corpus = write_corpus(base / "corpus", 40, sentences=20)
    out = base / "out"
    run([corpus], out, progress=False)
    return corpus, out


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


def _leftovers(out: Path, tmpdir: Path) -> list[str]:
    stray = [p.name for p in out.iterdir() if p.name not in OUTPUT_FILES]
    return stray + [p.name for p in tmpdir.iterdir()]


def _start_run(corpus: Path, out: Path, tmpdir: Path) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    return subprocess.Popen([sys.executable, "-m", "geo.cli.main", "run", str(corpus), "-o", str(out),
                             "--no-cache", "-q"], env=env, stderr=subprocess.PIPE, text=True)


def _working(out: Path, tmpdir: Path) -> bool:
    """The run has made its temporary folders (its store in TMPDIR, its output folder in OUT)."""
    return any(tmpdir.glob("territory-run-*")) and any(out.glob(".territory-*/"))


def _writing(out: Path, tmpdir: Path) -> bool:
    """The run is writing its outputs into its temporary folder."""
    return any(p.name != OWNER_FILE for folder in out.glob(".territory-*/") for p in folder.iterdir())


def _wait_for(condition, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition() and proc.poll() is None:
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the run never reached the stage to be killed at")
        time.sleep(0.01)


@pytest.mark.parametrize("sig, stage", [
    (signal.SIGTERM, _working), (signal.SIGKILL, _working), (signal.SIGTERM, _writing), (signal.SIGKILL, _writing),
], ids=["term-working", "kill-working", "term-writing", "kill-writing"])
def test_a_killed_run_keeps_previous_outputs_and_the_next_run_cleans_up(finished, tmp_path, monkeypatch, capsys,
                                                                       sig, stage):
    corpus, previous = finished
    out, tmpdir = tmp_path / "out", tmp_path / "tmpdir"
    shutil.copytree(previous, out)
    tmpdir.mkdir()
    before = _snapshot(out)

    proc = _start_run(corpus, out, tmpdir)
    _wait_for(lambda: stage(out, tmpdir), proc)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=PATIENCE)

    # the outputs are those of the last complete run (the same corpus gives the same bytes, so
    # a run that finished before the signal arrived passes too)
    assert _snapshot(out) == before
    if proc.returncode == 0:
        assert _leftovers(out, tmpdir) == []
        return
    if sig == signal.SIGTERM:
        # handled like Ctrl-C: everything cleaned up by the run itself, exit 128 + 15
        assert proc.returncode == 128 + signal.SIGTERM, stderr
        assert "stopped by SIGTERM" in stderr and "Traceback" not in stderr
        assert _leftovers(out, tmpdir) == [], stderr
        return
    assert proc.returncode == -signal.SIGKILL
    assert _leftovers(out, tmpdir), "a SIGKILL cannot be cleaned up after by the run itself"

    # the next run (cached: quick) removes what the killed one left, and says so
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    assert territory(["run", str(corpus), "-o", str(out), "-q"]) == 0
    err = capsys.readouterr().err
    assert "left by a run that was stopped" in err and f"PID {proc.pid}" in err
    assert _leftovers(out, tmpdir) == []
    assert _snapshot(out) == before


def test_temporary_folders_of_live_or_unknown_runs_are_left_alone(tmp_path):
    live = tmp_path / "territory-run-live"
    live.mkdir()
    (live / OWNER_FILE).write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}))
    elsewhere = tmp_path / "territory-run-elsewhere"  # a run on another host sharing the folder
    elsewhere.mkdir()
    (elsewhere / OWNER_FILE).write_text(json.dumps({"pid": 999_999_999, "host": "another-host"}))
    unmarked = tmp_path / "territory-run-unmarked"  # not provably ours
    unmarked.mkdir()
    assert remove_stale(tmp_path, "territory-run-") == []
    assert live.is_dir() and elsewhere.is_dir() and unmarked.is_dir()


def test_a_run_killed_before_its_owner_file_is_known_by_its_folders_name(tmp_path):
    # a process that has ended: its PID is free
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    host = socket.gethostname()
    killed_early = tmp_path / f"territory-run-{gone.pid}@{host}-k1ll3d_x"  # no owner file yet
    killed_early.mkdir()
    living = tmp_path / f"territory-run-{os.getpid()}@{host}-s3tt1ng_"  # being made just now
    living.mkdir()
    assert remove_stale(tmp_path, "territory-run-", report=io.StringIO()) == [killed_early]
    assert not killed_early.exists() and living.is_dir()


def test_a_run_killed_while_writing_its_owner_file_is_known_by_its_folders_name(tmp_path):
    # the kill lands between the owner file's opening and its writing: an empty or cut record
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    host = socket.gethostname()
    empty = tmp_path / f"territory-run-{gone.pid}@{host}-3mpty_xx"
    empty.mkdir()
    (empty / OWNER_FILE).write_text("", encoding="utf-8")
    cut = tmp_path / f"territory-run-{gone.pid}@{host}-cut_xxxx"
    cut.mkdir()
    (cut / OWNER_FILE).write_text('{"pid": ', encoding="utf-8")
    living = tmp_path / f"territory-run-{os.getpid()}@{host}-l1v3_xxx"  # ours, its file half written
    living.mkdir()
    (living / OWNER_FILE).write_text("", encoding="utf-8")
    assert sorted(remove_stale(tmp_path, "territory-run-", report=io.StringIO())) == sorted([empty, cut])
    assert living.is_dir()


def _hold_lock(out: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the output lock for ``seconds`` (it says when it has it)."""
    code = ("import sys, time\nfrom geo.runner.scratch import OutputLock\n"
            "with OutputLock(sys.argv[1]):\n    print('locked', flush=True)\n    time.sleep(float(sys.argv[2]))\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(out), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_run_into_the_same_folder_stops_naming_the_first(finished, tmp_path, capsys):
    corpus, _ = finished
    out = tmp_path / "out"
    out.mkdir()
    holder = _hold_lock(out, PATIENCE)
    try:
        assert territory(["run", str(corpus), "-o", str(out)]) == 1
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"PID {holder.pid} on {socket.gethostname()}, started " in err and str(out) in err
    assert not any(p.name in OUTPUT_FILES for p in out.iterdir())


def test_wait_lets_the_other_run_finish_first(finished, tmp_path, capsys):
    corpus, _ = finished
    out = tmp_path / "out"
    out.mkdir()
    holder = _hold_lock(out, 1.0)
    started = time.monotonic()
    assert territory(["run", str(corpus), "-o", str(out), "--wait", "-q"]) == 0
    assert holder.wait(timeout=PATIENCE) == 0
    assert time.monotonic() - started >= 0.5
    assert "waiting for the run writing into" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)


def test_a_killed_runs_lock_is_taken_over_and_said(finished, tmp_path, capsys):
    corpus, _ = finished
    out = tmp_path / "out"
    out.mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    (out / LOCK_FILE).write_text(json.dumps({"pid": dead_pid, "host": socket.gethostname(), "started": "earlier"}))
    assert territory(["run", str(corpus), "-o", str(out), "-q"]) == 0
    assert f"took over the lock on {out} left by a run that was stopped (PID {dead_pid}" in capsys.readouterr().err
    assert not (out / LOCK_FILE).exists()


def test_lock_is_released_after_a_failed_run(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RuntimeError), OutputLock(out):
        raise RuntimeError("the run failed")
    with OutputLock(out):  # free again
        pass
    assert list(out.iterdir()) == []


def test_an_output_path_that_cannot_be_a_folder_is_one_clear_line(finished, tmp_path, capsys):
    # Tests run as root, which ignores permission bits: a path under a regular file cannot be a
    # folder for anyone, so it stands in for a read-only output folder here.
    corpus, _ = finished
    blocker = tmp_path / "results"
    blocker.write_text("not a folder\n")
    assert territory(["run", str(corpus), "-o", str(blocker / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err and str(blocker / "out") in err


def test_a_read_only_output_folder_is_refused_before_any_work(finished, tmp_path, monkeypatch, capsys):
    # root passes every permission check, so the check is told the folder is read-only (the way a
    # normal user's read-only folder answers os.access)
    corpus, _ = finished
    out = tmp_path / "out"
    out.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if Path(path) == out else real_access(path, mode))

    def no_work(*args, **kwargs):
        raise AssertionError("work started before the output folder was checked")

    monkeypatch.setattr("geo.runner.pipeline.Gazetteer.open", no_work)
    with pytest.raises(OutputError, match="not writable"):
        run([corpus], out)
    assert territory(["run", str(corpus), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"territory run: error: {out}: the output folder is not writable (permission denied)"


def test_ctrl_c_and_sigterm_take_the_same_way_out(monkeypatch, capsys):
    # the stop signal is raised inside the command, where a KeyboardInterrupt would be
    import geo.cli.run

    def interrupted(argv):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises before this ends
        return 0

    monkeypatch.setattr(geo.cli.run, "main", interrupted)
    before = signal.getsignal(signal.SIGTERM)
    assert territory(["run", "x", "-o", "y"]) == 128 + signal.SIGTERM
    assert "stopped by SIGTERM" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGTERM) == before  # restored for the embedding program

    def ctrl_c(argv):
        raise KeyboardInterrupt

    monkeypatch.setattr(geo.cli.run, "main", ctrl_c)
    assert territory(["run", "x", "-o", "y"]) == 130
    assert "stopped by SIGINT" in capsys.readouterr().err


def test_a_stop_landing_right_after_a_temporary_folder_is_made_leaves_nothing(finished, tmp_path, monkeypatch):
    # Under load a SIGTERM can arrive after the store's folder exists but before any code that
    # would remove it runs: here the store's making is interrupted at exactly that point.
    import geo.runner.pipeline as pipeline
    from geo.runner.scratch import STORE_TMP_PREFIX

    corpus, previous = finished
    out, tmpdir = tmp_path / "out", tmp_path / "tmpdir"
    shutil.copytree(previous, out)
    tmpdir.mkdir()
    before = _snapshot(out)
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))

    def stopped_store(*args, **kwargs):
        owned_tempdir(STORE_TMP_PREFIX)  # made and named as this process's, then the stop lands
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "RunStore", stopped_store)
    with pytest.raises(KeyboardInterrupt):
        run([corpus], out, progress=False, cache=False)
    assert _leftovers(out, tmpdir) == []
    assert _snapshot(out) == before


def test_a_stop_removes_only_folders_named_as_this_process(tmp_path):
    from geo.runner.scratch import remove_own

    mine = owned_tempdir("territory-run-", tmp_path)
    other = tmp_path / f"territory-run-{os.getpid() + 1}@{socket.gethostname()}-x1y2z3"
    other.mkdir()
    foreign = tmp_path / "territory-run-notes"
    foreign.mkdir()
    assert remove_own(tmp_path, "territory-run-") == [mine]
    assert other.is_dir() and foreign.is_dir() and not mine.exists()
