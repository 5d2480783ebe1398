"""A whole run: cache, temporary store, workers (local or Dask), one wire format, the outputs.

Names load their module on first use (as :mod:`geo.io` does): a worker process imports
``geo.runner.workers``, and with it this package, and must not pay for the writers and the map
(pandas, geopandas, folium: some two seconds of start-up per spawned process) that only the
parent process uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo.lazy import lazy_names

_EXPORTS = {
    "OUTPUT_FILES": "geo.runner.pipeline",
    "RunSummary": "geo.runner.pipeline",
    "run": "geo.runner.pipeline",
}

__all__ = ["OUTPUT_FILES", "RunSummary", "run"]

if TYPE_CHECKING:
    from geo.runner.pipeline import OUTPUT_FILES, RunSummary, run


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals(), __all__)
