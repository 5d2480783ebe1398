"""Small pieces of geometry and time every stage needs, each written once.

- :func:`distance_km`: great-circle distance, for scalars and for numpy arrays alike;
  :func:`nearest_km` the same to the nearest of several points;
- :func:`offset_point`: the point a distance away on a bearing ("30 km south of X");
- :func:`epoch_ms`: a day as epoch milliseconds at 00:00 UTC (what kepler.gl and the map's
  time slider read).

One spherical Earth throughout: the differences to the ellipsoid (< 0.5 %) are far below
what a news report's "near" means, and one radius keeps every stage's distances comparable.
Areas, where they matter, are geodesic on WGS84 (pyproj, in :mod:`geo.control.estimate`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:  # numpy is loaded only for arrays: geoparsing never needs it
    import numpy as np
    import numpy.typing as npt

#: mean Earth radius (km) of the spherical model
EARTH_RADIUS_KM = 6371.0


@overload
def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float: ...
@overload
def distance_km(lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike,
                lon2: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle (haversine) distance in kilometres between points in degrees.

    Plain numbers give a float (the fast path resolution uses in its inner loops); arrays
    broadcast like numpy and give an array.

    Examples
    --------
    >>> round(distance_km(36.34, 43.13, 33.31, 44.37))  # Mosul - Baghdad
    355
    >>> distance_km([0.0, 0.0], 0.0, 0.0, [0.0, 1.0]).round(1).tolist()
    [0.0, 111.2]
    """
    # four plain tests, not all() over a generator: resolution calls this ~100 000 times a
    # second, and building the generator cost as much as the arithmetic
    if isinstance(lat1, (int, float)) and isinstance(lon1, (int, float)) \
            and isinstance(lat2, (int, float)) and isinstance(lon2, (int, float)):
        p = math.pi / 180
        a = (0.5 - math.cos((lat2 - lat1) * p) / 2
             + math.cos(lat1 * p) * math.cos(lat2 * p) * (1 - math.cos((lon2 - lon1) * p)) / 2)
        return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(max(0.0, min(1.0, a))))
    import numpy as np

    p = np.pi / 180
    lat1, lon1, lat2, lon2 = (np.asarray(v, dtype=float) for v in (lat1, lon1, lat2, lon2))
    a = (0.5 - np.cos((lat2 - lat1) * p) / 2
         + np.cos(lat1 * p) * np.cos(lat2 * p) * (1 - np.cos((lon2 - lon1) * p)) / 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def nearest_km(lat: float, lon: float, points: list[tuple[float, float]]) -> float:
    """Great-circle distance (km) from (lat, lon) to the nearest of ``points`` (not empty).

    :func:`distance_km`'s arithmetic to the last bit, with the origin's cosine worked out once:
    resolution measures every candidate against every anchor of an article."""
    return nearest_km_to(lat, lon, with_cosines(points))


def with_cosines(points: Iterable[tuple[float, float]]) -> list[tuple[float, float, float]]:
    """``points`` as (lat, lon, cosine of lat), for :func:`nearest_km_to`: measuring many
    origins against the same points then takes each point's cosine once, not once per origin."""
    p = math.pi / 180
    return [(lat, lon, math.cos(lat * p)) for lat, lon in points]


def nearest_km_to(lat: float, lon: float, points: list[tuple[float, float, float]]) -> float:
    """:func:`nearest_km` to points given by :func:`with_cosines` (not empty).

    The distance grows with the haversine term, and the square root and arcsine keep its order
    to the bit (both correctly rounded), so the nearest point is the one with the least term:
    they are taken once, not once per point."""
    p = math.pi / 180
    cos_lat = math.cos(lat * p)
    cos = math.cos
    least = min([0.5 - cos((lat2 - lat) * p) / 2 + cos_lat * cos_lat2 * (1 - cos((lon2 - lon) * p)) / 2
                 for lat2, lon2, cos_lat2 in points])
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(max(0.0, min(1.0, least))))


def offset_point(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) on ``bearing`` (degrees clockwise from north).

    Examples
    --------
    >>> [round(v, 3) for v in offset_point(36.0, 43.0, 180, 111.19)]
    [35.0, 43.0]
    """
    r = km / EARTH_RADIUS_KM
    b = math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(r) + math.cos(p1) * math.sin(r) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(r) * math.cos(p1), math.cos(r) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing (degrees clockwise from north, 0-360) from the first point to the second.

    Examples
    --------
    >>> round(bearing_deg(35.0, 40.0, 35.0, 41.0))
    90
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(y, x)) + 360.0) % 360.0


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@overload
def epoch_ms(day: date) -> int: ...
@overload
def epoch_ms(day: None) -> None: ...
def epoch_ms(day: date | None) -> int | None:
    """Milliseconds since 1970-01-01 UTC of the day's midnight; None for an unknown day.

    Examples
    --------
    >>> epoch_ms(date(2015, 1, 26))
    1422230400000
    """
    if day is None:
        return None
    if isinstance(day, datetime):
        day = day.date()
    # whole days since the epoch: exact, and a tenth of the cost of a timezone-aware datetime
    # (every event and incident takes two)
    return (day.toordinal() - _EPOCH_ORDINAL) * 86_400_000
