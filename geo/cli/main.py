"""The ``territory`` command.

Each command group lives beside the module it drives and parses its own arguments, so that
starting ``territory geoparse`` imports only what geoparsing needs.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from collections.abc import Callable
from contextlib import contextmanager

from geo.errors import TerritoryError
from geo.settings import settle_process

#: command -> module whose ``main(argv) -> int`` runs it
COMMANDS: dict[str, tuple[str, str]] = {
    "geoparse": ("geo.cli.geoparse", "find and resolve the places each article names (JSON lines)"),
    "run": ("geo.cli.run", "geoparse a corpus, extract events and control, write GeoJSON, GPKG, CSV and map"),
    "gazetteer": ("geo.cli.gazetteer", "build, inspect, extend or download the offline gazetteer"),
    "boundaries": ("geo.cli.boundaries", "add governorate and district boundaries"),
}


def _usage() -> str:
    lines = ["usage: territory COMMAND [ARGS...]", "", "commands:"]
    lines += [f"  {name:<11} {help_}" for name, (_, help_) in COMMANDS.items()]
    lines += ["", "territory COMMAND --help shows a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    # no argv: the console script or ``python -m``, the process is the command's own (a caller
    # passing argv, a test, keeps its collector as it is)
    own_process = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(_usage())
        return 0 if argv else 2
    if argv[0] == "--version":
        from geo import __version__

        print(f"territory {__version__}")
        return 0
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"territory: unknown command {command!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[command][0])
    if own_process:
        settle_process()  # after the command's imports: they live as long as the process
    try:
        with _stopped_like_ctrl_c(STOP_SIGNALS):
            return int(module.main(rest) or 0)
    except TerritoryError as exc:
        print(f"territory {command}: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader went away (``territory ... | head``): as quiet as any Unix tool; stdout is
        # pointed at /dev/null so flushing it at exit does not fail again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except KeyboardInterrupt as exc:
        signum = getattr(exc, "signum", signal.SIGINT)
        print(f"territory {command}: stopped by {signal.Signals(signum).name}; previous outputs are left "
              "as they were", file=sys.stderr)
        return 128 + signum


#: signals that stop a command the way Ctrl-C (SIGINT) does: what ``timeout``, systemd, batch
#: schedulers and a closed terminal send
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Stopped(KeyboardInterrupt):
    """A stop signal, raised where the program is, so every ``finally`` and ``with`` cleans up
    (temporary folders, the output lock, worker processes) exactly as after Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stopped(signum: int, frame: object) -> None:
    # a second signal must not cut the clean-up of the first short
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    raise Stopped(signum)


@contextmanager
def _stopped_like_ctrl_c(signals: tuple[signal.Signals, ...]):
    """Within the block, ``signals`` raise :class:`Stopped` (a KeyboardInterrupt)."""
    previous: dict[signal.Signals, Callable | int | None] = {}
    try:
        for sig in signals:
            previous[sig] = signal.signal(sig, _raise_stopped)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


if __name__ == "__main__":
    sys.exit(main())
