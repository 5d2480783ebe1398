"""A whole run: cache, temporary store, workers (local or Dask), one wire format, the outputs."""

from __future__ import annotations

from geo.runner.pipeline import OUTPUT_FILES, RunSummary, run

__all__ = ["OUTPUT_FILES", "RunSummary", "run"]
