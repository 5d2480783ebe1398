"""Where territory keeps its files and finds the data it ships: one module, read by every stage.

- :func:`home`: the user's folder (``$TERRITORY_HOME``, else the platform's user data folder)
  holding the gazetteer index, added boundaries and the per-article cache;
- :func:`shipped_file`: a data file installed with the package (curated tables, word lists,
  the country outlines), found through :mod:`importlib.resources` so an installed wheel finds
  exactly what a checkout does. A missing shipped file is an error that names it: results must
  never quietly change because an install lost a file;
- :func:`settle_process`: the garbage collector tuned for a process territory owns.
"""

from __future__ import annotations

import gc
import os
from importlib import resources
from pathlib import Path

import platformdirs

from geo.errors import MissingDataError

#: the environment variable naming the user's folder
HOME_ENV = "TERRITORY_HOME"
#: the package holding the country outlines of the top-level ``boundaries/`` folder, mapped into
#: every install by ``package-dir`` in ``pyproject.toml``
BOUNDARY_PACKAGE = "geo.boundary_data"
#: Natural Earth 1:50m country outlines (see ``boundaries/README.md``)
COUNTRY_OUTLINES = "ne_50m_countries.geojson"


def home(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's folder: ``override``, else ``$TERRITORY_HOME``, else the platform's data folder."""
    chosen = override if override is not None else os.environ.get(HOME_ENV) or None
    if chosen is None:
        chosen = platformdirs.user_data_dir("territory")
    return Path(chosen).expanduser()


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where per-article results are cached (``home()/cache`` unless told otherwise)."""
    return Path(override).expanduser() if override is not None else home() / "cache"


def shipped_file(package: str, *parts: str) -> Path:
    """Path of a data file shipped in ``package`` (``geo.gazetteer``, ``geo.events``, ...).

    Raises :class:`MissingDataError` naming the file when the install lacks it.
    """
    path = Path(str(resources.files(package).joinpath(*parts)))
    if not path.is_file():
        raise MissingDataError(f"{path}: a data file territory ships is missing; reinstall the package")
    return path


def country_outlines_file() -> Path:
    """The shipped Natural Earth country outlines."""
    return shipped_file(BOUNDARY_PACKAGE, COUNTRY_OUTLINES)


def new_file_mode() -> int:
    """The mode ``open()`` gives a new file under the process's umask (0644 under the usual 022).

    A file made with :func:`tempfile.mkstemp` (to be renamed into place) is 0600 whatever the
    umask; outputs are set to this mode so every file of a run can be read alike.
    """
    return 0o666 & ~_umask()


def _umask() -> int:
    # Linux says it without changing it; elsewhere reading it means setting it for an instant
    # (a thread making a file in that instant would get 022, the usual mask anyway)
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: the collector's young-generation threshold in a process territory owns (CPython's default is
#: 700): a long article makes millions of small lists, dicts and tuples that live until its
#: result is encoded, and collecting every 700 of them set off full passes over the whole heap
YOUNG_GC_THRESHOLD = 10_000


def settle_process() -> None:
    """Tune the cyclic garbage collector of a process ``territory`` owns (the command's own, run
    from the command line; a pool worker's): what is alive now (the imported modules, the
    gazetteer) is moved out of its passes (``gc.freeze``: it lives as long as the process), and
    young objects are collected every ``YOUNG_GC_THRESHOLD`` allocations rather than 700. A
    1 MB article's ``territory run`` spent 0.6 to 0.8 s of CPU in the collector, much of it
    walking the start-up heap again and again; now about 0.3 s. What is collected, and so every
    output, is the same. Not for a library caller's process: its heap is its own."""
    gc.freeze()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_GC_THRESHOLD), middle, old)
