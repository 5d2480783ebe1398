"""Input and output: reading a corpus and its manifest; frames and GeoJSON/GeoPackage/CSV/Parquet writers.

Names load their module on first use (as :mod:`geo` does): reading a corpus must not pay for
geopandas, which only the writers need; ``territory geoparse`` reads articles and writes JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo.lazy import lazy_names

_EXPORTS = {
    "SkippedFile": "geo.io.corpus",
    "load_manifest": "geo.io.corpus",
    "read_article": "geo.io.corpus",
    "read_corpus": "geo.io.corpus",
    "LayerWriter": "geo.io.exports",
    "events_frame": "geo.io.exports",
    "places_frame": "geo.io.exports",
    "to_geojson": "geo.io.exports",
    "write_gpkg": "geo.io.exports",
    "write_outputs": "geo.io.exports",
    "write_parquet": "geo.io.exports",
}

__all__ = [
    "LayerWriter",
    "SkippedFile",
    "events_frame",
    "load_manifest",
    "places_frame",
    "read_article",
    "read_corpus",
    "to_geojson",
    "write_gpkg",
    "write_outputs",
    "write_parquet",
]

if TYPE_CHECKING:
    from geo.io.corpus import SkippedFile, load_manifest, read_article, read_corpus
    from geo.io.exports import (
        LayerWriter,
        events_frame,
        places_frame,
        to_geojson,
        write_gpkg,
        write_outputs,
        write_parquet,
    )


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals(), __all__)
