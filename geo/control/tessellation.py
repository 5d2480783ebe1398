"""A country divided among the places with a known holder: the geometry of the control areas.

:class:`Tessellation` knows where the places are (projected once) and which country each lies
in; :meth:`Tessellation.split` divides, for one date, each country among the places known then:

- the **Voronoi cells** of the country's places (one diagram per country, so the whole country
  is shared among its own places, not lost to a town across the border), clipped to the
  country's outline (the shipped Natural Earth 1:50m, simplified by :data:`SIMPLIFY_M`);
- only ground within ``reach_km`` of its place: a cell of a place whose nearest reported
  neighbour is far away would otherwise paint empty desert as held. Beyond that the ground is
  left out (unknown). Within one country's diagram a point of cell *i* that lies within the
  reach of *any* place lies within the reach of *i*, so one union of discs per country clips
  every cell at once;
- **contested** ground: the ground within ``contested_km`` of an edge between cells of
  different holders (a town that close to a town of another holder is on the front line
  itself), and the whole cell of a place the caller flags as disputed (reports that disagree);
- the rest of each holder's cells dissolved, then cut into connected parts: one area per
  stretch of contiguous ground, with the places inside it.

Everything runs on arrays of shapes (GEOS through shapely 2), in a Lambert azimuthal
equal-area projection centred on the places, where distances and areas are close to true
across the few hundred km of one war.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pyproj
import shapely

#: tolerance, in metres, of the simplification of the country outlines that clip the areas:
#: far below what a handful of towns can say about a front line, and it keeps the exports small
SIMPLIFY_M = 250.0
#: parts smaller than this (m²) are slivers of cutting the contested bands out: dropped
SLIVER_M2 = 10_000.0
#: above this many places on one line (no Delaunay triangle), neighbours are not looked for
_COLLINEAR_PAIRS = 60

#: a country key for places in no known country: clipped to their reach only
NO_COUNTRY = -1
#: the group of contested ground
CONTESTED = "contested"


@dataclass
class Area:
    """One connected stretch of one holder's ground (or all contested ground) on one date."""

    group: str
    geometry: shapely.Geometry  # lon/lat
    places: list[int]  # positions into the Tessellation's places
    #: area in km², measured in the equal-area projection (true area, without a geodesic pass)
    km2: float


@dataclass
class Split:
    """What :meth:`Tessellation.split` returns: held areas, and the contested ground."""

    held: list[Area] = field(default_factory=list)
    contested: list[Area] = field(default_factory=list)


class Tessellation:
    """The places that ever have a known holder, ready to be divided date by date.

    Parameters
    ----------
    lons, lats
        WGS 84 degrees of each place.
    outlines
        Each place's country outline (lon/lat), or None; the same object for places of one
        country (it is projected and simplified once).
    reach_km
        How far from its place a cell may claim ground.
    contested_km
        Half the width of the contested band along an edge between different holders.
    """

    def __init__(self, lons: np.ndarray, lats: np.ndarray,
                 outlines: Sequence[shapely.Geometry | None], reach_km: float,
                 contested_km: float) -> None:
        self.reach_m, self.band_m = reach_km * 1000.0, contested_km * 1000.0
        lon0, lat0 = float(np.round(np.mean(lons), 3)), float(np.round(np.mean(lats), 3))
        crs = pyproj.CRS.from_proj4(f"+proj=laea +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m")
        self._fwd = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
        self._inv = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
        x, y = self._fwd.transform(lons, lats)
        self.points = shapely.points(x, y)
        self.discs = shapely.buffer(self.points, self.reach_m, quad_segs=16)
        # project each distinct country once; a place's country is an index into that list
        self.outlines: list[shapely.Geometry] = []
        seen: dict[int, int] = {}
        country = []
        for outline in outlines:
            if outline is None:
                country.append(NO_COUNTRY)
                continue
            if id(outline) not in seen:
                seen[id(outline)] = len(self.outlines)
                # simplified once: the same border gives the same vertices on every date, so
                # an area that did not change keeps its exact size
                projected = shapely.transform(outline, self._fwd_coords)
                self.outlines.append(shapely.simplify(projected, SIMPLIFY_M))
            country.append(seen[id(outline)])
        self.country = np.array(country, dtype=int)
        self._regions_cache: dict[int, tuple[tuple[int, ...], np.ndarray]] = {}
        self._reach: dict[int, tuple[set[int], shapely.Geometry, shapely.Geometry | None]] = {}

    def _fwd_coords(self, xy: np.ndarray) -> np.ndarray:
        return np.column_stack(self._fwd.transform(xy[:, 0], xy[:, 1]))

    def _inv_coords(self, xy: np.ndarray) -> np.ndarray:
        return np.column_stack(self._inv.transform(xy[:, 0], xy[:, 1]))

    # -- one date ------------------------------------------------------------------------------

    def split(self, places: np.ndarray, groups: np.ndarray, disputed: np.ndarray) -> Split:
        """Divide the countries of ``places`` among them.

        Parameters
        ----------
        places
            Positions of the places known on the date (distinct locations).
        groups
            Each one's holder group (places of one group dissolve together).
        disputed
            True where reports about the place disagree: its whole cell is contested.
        """
        out = Split()
        for country in sorted(set(self.country[places].tolist())):
            mine = self.country[places] == country
            here, here_groups, here_disputed = places[mine], groups[mine], disputed[mine]
            regions = self._regions(country, here)
            clip = self._clip(country, here)
            kept = sorted(set(here_groups[~here_disputed].tolist()))
            # a frontier only where the country's cells are not all of one undisputed holder
            front = len(kept) > 1 or bool(here_disputed.any())
            pieces = []
            for group in kept:
                merged = _coverage_union(regions[(here_groups == group) & ~here_disputed])
                if front:
                    # the group's cells shrunk by the band width: what is left is farther than
                    # that from any cell of another holder or a disputed one (the frame's edges
                    # lie outside the country, the margin of _regions keeps them out of reach)
                    merged = shapely.buffer(merged, -self.band_m, quad_segs=2)
                piece = _polygonal(shapely.intersection(merged, clip))
                members = here[(here_groups == group) & ~here_disputed]
                out.held.extend(self._parts(group, piece, members))
                pieces.extend(shapely.get_parts(piece))
            if front:
                # the country's reach not held by anyone: within the band of a frontier or disputed
                taken = shapely.multipolygons(pieces) if pieces else shapely.MultiPolygon()
                ground = _polygonal(shapely.difference(clip, taken))
                if shapely.area(ground) >= SLIVER_M2:
                    lonlat = self._lonlat(np.array([ground], dtype=object))[0]
                    fronts = self._front_places(here, here_groups, here_disputed)
                    if not len(fronts):  # cells that meet where Delaunay saw no edge: the near ones
                        fronts = here[shapely.dwithin(self.points[here], ground, self.reach_m)]
                    out.contested.append(Area(CONTESTED, lonlat, fronts.tolist(),
                                              float(shapely.area(ground)) / 1e6))
        return out

    def _regions(self, country: int, places: np.ndarray) -> np.ndarray:
        """Voronoi cells of the country's places (reused while they are the same places)."""
        key = tuple(places.tolist())
        cached = self._regions_cache.get(country)
        if cached is not None and cached[0] == key:
            return cached[1]
        pts = self.points[places]
        boxes = [shapely.total_bounds(self.discs[places])]
        if country != NO_COUNTRY:
            boxes.append(np.array(self.outlines[country].bounds))
        b = np.array(boxes)
        # a margin wider than the band: shrinking a group's cells never pulls them off the country
        margin = 2 * self.band_m + 1000.0
        frame = shapely.box(b[:, 0].min() - margin, b[:, 1].min() - margin, b[:, 2].max() + margin,
                            b[:, 3].max() + margin)
        if len(places) == 1:
            regions = np.array([frame], dtype=object)
        else:
            regions = shapely.get_parts(shapely.voronoi_polygons(
                shapely.multipoints(pts), extend_to=frame, ordered=True))
            if len(regions) != len(places):  # GEOS drops none for distinct points; guard anyway
                regions = np.array([next(r for r in regions if r.covers(p)) for p in pts], dtype=object)
            # the diagram reaches past the frame; cut it so every region is finite
            regions = shapely.intersection(regions, frame)
        self._regions_cache[country] = (key, regions)
        return regions

    def _clip(self, country: int, places: np.ndarray) -> shapely.Geometry:
        """The country's outline within reach of its known places; the union of their discs
        grows as places become known (known places stay known from date to date)."""
        known, reach, clip = self._reach.get(country, (set(), shapely.Polygon(), None))
        now = set(places.tolist())
        if not known <= now:  # dates given out of order: start again
            known, reach, clip = set(), shapely.Polygon(), None
        new = sorted(now - known)
        if new or clip is None:
            reach = shapely.union_all([reach, *self.discs[new]])
            clip = reach if country == NO_COUNTRY else shapely.intersection(reach, self.outlines[country])
            self._reach[country] = (now, reach, clip)
        return clip

    def _front_places(self, places: np.ndarray, groups: np.ndarray, disputed: np.ndarray) -> np.ndarray:
        """The places whose cells border a cell of another holder within reach (Delaunay
        neighbours), and the disputed ones: the places the contested ground lies between."""
        a, b = self._neighbours(places)
        differ = (groups[a] != groups[b]) | disputed[a] | disputed[b]
        # cells of towns farther apart than twice (reach + band) meet only on ground nobody claims
        gap = shapely.distance(self.points[places[a]], self.points[places[b]])
        differ &= gap <= 2 * (self.reach_m + self.band_m)
        return np.unique(np.concatenate([places[a[differ]], places[b[differ]], places[disputed]]))

    def _neighbours(self, places: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (as positions into ``places``) whose cells may share an edge: the Delaunay
        edges, or every pair when the places lie on one line (no triangle)."""
        n = len(places)
        if n < 2:
            return np.array([], dtype=int), np.array([], dtype=int)
        pts = self.points[places]
        edges = shapely.get_parts(shapely.delaunay_triangles(shapely.multipoints(pts), only_edges=True))
        if len(edges):
            ends = shapely.get_coordinates(edges).reshape(-1, 2, 2)
            tree = shapely.STRtree(pts)
            a = tree.query_nearest(shapely.points(ends[:, 0]), all_matches=False)[1]
            b = tree.query_nearest(shapely.points(ends[:, 1]), all_matches=False)[1]
            return a, b
        if n > _COLLINEAR_PAIRS:
            return np.array([], dtype=int), np.array([], dtype=int)
        a, b = np.triu_indices(n, k=1)
        return a, b

    def _parts(self, group: str, geom: shapely.Geometry, members: np.ndarray) -> list[Area]:
        """A group's ground cut into connected parts, each with the places that stand behind it:
        those inside it; a place left outside every part (its point off the clipped outline)
        goes to the nearest part, and a part with no place inside to the nearest place."""
        parts = shapely.get_parts(geom)
        parts = parts[shapely.area(parts) >= SLIVER_M2]
        if not len(parts) or not len(members):
            return []
        pts = self.points[members]
        tree = shapely.STRtree(parts)
        inside_pt, inside_part = tree.query(pts, predicate="intersects")
        owners: list[set[int]] = [set() for _ in parts]
        for p, q in zip(inside_pt.tolist(), inside_part.tolist()):
            owners[q].add(int(members[p]))
        placed = np.zeros(len(members), dtype=bool)
        placed[inside_pt] = True
        if (~placed).any():
            lost, part = tree.query_nearest(pts[~placed], all_matches=False)
            for p, q in zip(np.flatnonzero(~placed)[lost].tolist(), part.tolist()):
                owners[q].add(int(members[p]))
        empty = [q for q, o in enumerate(owners) if not o]
        if empty:
            part, near = shapely.STRtree(pts).query_nearest(parts[empty], all_matches=False)
            for q, p in zip(part.tolist(), near.tolist()):
                owners[empty[q]].add(int(members[p]))
        km2 = shapely.area(parts) / 1e6
        return [Area(group, g, sorted(o), float(k)) for g, o, k in zip(self._lonlat(parts), owners, km2)]

    def _lonlat(self, geoms: np.ndarray) -> np.ndarray:
        """Projected polygons back to lon/lat (all at once), valid, exterior rings counter-clockwise."""
        out = shapely.transform(geoms, self._inv_coords)
        broken = ~shapely.is_valid(out)
        if broken.any():
            out[broken] = [_polygonal(g) for g in shapely.make_valid(out[broken])]
        return shapely.orient_polygons(out)


def _coverage_union(regions: np.ndarray) -> shapely.Geometry:
    try:  # regions of one Voronoi diagram are a clean coverage
        return shapely.coverage_union_all(regions)
    except shapely.errors.GEOSException:
        return shapely.union_all(regions)


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of a geometry (intersections can add slivers of lines or points)."""
    if geom is None or geom.is_empty:
        return shapely.MultiPolygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.MultiPolygon()
