"""Input and output: reading a corpus and its manifest; frames and GeoJSON/GeoPackage/CSV/Parquet writers."""

from __future__ import annotations

from geo.io.corpus import SkippedFile, load_manifest, read_article, read_corpus
from geo.io.exports import LayerWriter, events_frame, places_frame, to_geojson, write_gpkg, write_outputs, write_parquet

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
