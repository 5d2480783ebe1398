"""Geoparsing: find the places a text names (recognition) and pick each one's gazetteer entry (resolution)."""

from __future__ import annotations

from geo.geoparse.parser import Geoparser, geoparse

__all__ = ["Geoparser", "geoparse"]
