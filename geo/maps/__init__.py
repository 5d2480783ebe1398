"""The map: one self-contained, time-aware HTML page of events, places, control areas and claims.

A view: nothing in the core stages imports it.
"""

from __future__ import annotations

from geo.maps.page import make_map

__all__ = ["make_map"]
