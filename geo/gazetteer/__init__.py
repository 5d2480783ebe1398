"""The offline gazetteer: an SQLite index of GeoNames places, curated tables and the user's dumps,
plus the boundaries (country outlines, added admin polygons) and named regions.

The boundary functions load geopandas, which geoparsing never needs: they are imported from
:mod:`geo.gazetteer.boundaries` and :mod:`geo.gazetteer.regions` when asked for.
"""

from __future__ import annotations

from geo.gazetteer.index import Gazetteer

__all__ = ["Gazetteer"]
