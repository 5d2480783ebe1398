"""The page's embedded data, packed: point layers as columns over one shared string table.

As GeoJSON, 20,000 events made a 20 MB page: every feature repeats ``{"type":"Feature",
"geometry":{"type":"Point","coordinates":...},"properties":{...}}``, every popup repeats its
labels ("Date", "Type", "Place"), and the same place names, actors, outlets and sentences come
back thousands of times. Packed, a layer is its coordinates as two arrays and each property as
one column; every string (already HTML-escaped by :mod:`geo.maps.layers`) is written once in the
page's string table and referred to by its index; days are whole days, not milliseconds. The
page's ``territoryUnpack`` (:mod:`geo.maps.js`) turns a packed layer back into the same GeoJSON
before Leaflet sees it. The GeoJSON exports are not touched: this is only the page's encoding.

A column is one of these kinds:

- ``s``: strings, as indices into the string table;
- ``e``: strings of a column with few distinct values, as ``[table, indices]``: the column's own
  table of string indices and, per feature, a small index into it (``"c"``, a colour, is then
  ``0`` rather than ``18435``: the page parses a fifth of the digits);
- ``d``: epoch milliseconds at UTC midnight, as days;
- ``n``: numbers and booleans as they are;
- ``l``: lists of strings, as lists of indices;
- ``L``: lists of strings of a column with few distinct lists (actors, outlets), as
  ``[table, indices]``, the table's lists as lists of indices;
- ``p``: popups (``geo.maps.layers.popup_data``), as ``[shapes, popups]``: each popup
  ``[title, shape, evidence, source, note, value, value, ...]`` with every string an index, its
  table's labels ("Date", "Type", "Place", ...) given once per layer as a shape, a list of label
  indices, and its values in that order;
- ``E``: several enumerated columns joined: ``[keys, "E", [kinds, table, indices]]``, each
  entry of the table the keys' values (as ``e`` and ``L`` write them), one index per feature;
- ``j``: anything else, as it is.

A column that most features lack is sparse: the indices of the features that have it come
with the values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import chain
from typing import Any

from geo.maps.layers import DAY_MS, Feature


class StringTable:
    """Each distinct string once; :meth:`id` gives its index."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}

    @property
    def strings(self) -> list[str]:
        """The strings in the order of their ids (a dict keeps the order they came in)."""
        return list(self._index)

    def id(self, text: str) -> int:
        index = self._index
        return index.setdefault(text, len(index))

    def ids(self, texts: Sequence[str]) -> list[int]:
        """:meth:`id` of each, in one comprehension (a column holds 20,000 values, the popups
        of a big map some 700,000 strings)."""
        index = self._index
        return [index.setdefault(t, len(index)) for t in texts]


def packable(features: Sequence[Feature]) -> bool:
    """True when every feature is a point (the layers of events and places); polygon layers stay GeoJSON."""
    return bool(features) and all(f["geometry"]["type"] == "Point" for f in features)


def pack_points(features: Sequence[Feature], strings: StringTable,
                extra: Mapping[str, Sequence[Any]] | None = None) -> dict[str, Any]:
    """A point layer as ``{"x": [...], "y": [...], "cols": [[key, kind, values, at?], ...]}``.

    ``extra``: more properties given as columns, one cell per feature (None: the feature has
    none), packed as if each feature had them (the events' list entries, made column by column
    by :mod:`geo.maps.columns`, are not put into 20,000 dicts to be taken out again)."""
    # one pass over the features, each property put in its column with the feature's index
    # (a pass per key cost a quarter of a second at 20,000 events)
    present: dict[str, tuple[list[int], list[Any]]] = {}
    for i, feature in enumerate(features):
        for key, value in feature["properties"].items():
            if value is not None:
                column = present.get(key)
                if column is None:
                    column = present[key] = ([], [])
                column[0].append(i)
                column[1].append(value)
    for key, cells in (extra or {}).items():
        if key in present:
            raise ValueError(f"pack_points: {key!r} is both a feature property and an extra column")
        where = [i for i, v in enumerate(cells) if v is not None]
        if where:
            present[key] = (where, [cells[i] for i in where])
    columns = []
    for key, (where, values) in present.items():
        kind, encoded = _encode_all(_kind(key, values), values, strings)
        if len(values) == len(features):
            columns.append([key, kind, encoded])
        else:  # sparse: which features have it
            columns.append([key, kind, encoded, where])
    coordinates = [f["geometry"]["coordinates"] for f in features]
    return {"x": [c[0] for c in coordinates], "y": [c[1] for c in coordinates], "cols": _combined(columns)}


def _combined(columns: list[list[Any]]) -> list[list[Any]]:
    """The enumerated columns every feature has, as few as can be, joined into one of kind ``E``
    while their distinct combinations stay few (:data:`ENUMERATE_EVERY`): an event's colour,
    icon, category, actors and outlets go together, one small index per feature instead of one
    per column. The most repetitive columns are joined first; the others stay as they were."""
    candidates = sorted((c for c in columns if c[1] in ("e", "L") and len(c) == 3), key=lambda c: len(c[2][0]))
    if len(candidates) < 2:
        return columns
    # each feature's combination as one number, renumbered densely after each join (in the
    # order the combinations first come: deterministic)
    codes: list[int] = candidates[0][2][1]
    n = len(codes)
    joined = [candidates[0]]
    for column in candidates[1:]:
        width = len(column[2][0])
        trial = [code * width + k for code, k in zip(codes, column[2][1])]
        distinct = dict.fromkeys(trial)
        if len(distinct) * ENUMERATE_EVERY > n:
            continue
        dense = {code: k for k, code in enumerate(distinct)}
        codes = list(map(dense.__getitem__, trial))
        joined.append(column)
    if len(joined) < 2:
        return columns
    first: dict[int, int] = {}
    for i, code in enumerate(codes):
        first.setdefault(code, i)
    table = [[column[2][0][column[2][1][i]] for column in joined] for i in first.values()]
    indices = codes
    rest = [c for c in columns if not any(c is j for j in joined)]
    return [*rest, [[c[0] for c in joined], "E", [[c[1] for c in joined], table, indices]]]


def _kind(key: str, values: list[Any]) -> str:
    # the exact types of a column's 20,000 values gathered at C speed first (``all(isinstance())``
    # over every column took a sixth of the packing); anything else (a subclass of str) is
    # looked at value by value
    types = set(map(type, values))
    if key == "q" and types == {list} and all(len(v) == 5 for v in values):
        return "q"
    if types == {str}:
        return "s"
    if types == {int} and key in ("start", "end") and all(v % DAY_MS == 0 for v in values):
        return "d"
    if types and types <= {int, float, bool}:
        return "n"
    if types == {list} and set(map(type, chain.from_iterable(values))) <= {str}:
        return "l"
    return _kind_of_each(key, values)


def _kind_of_each(key: str, values: list[Any]) -> str:
    if key == "q" and all(isinstance(v, list) and len(v) == 5 for v in values):
        return "q"
    if all(isinstance(v, str) for v in values):
        return "s"
    if all(isinstance(v, int) and not isinstance(v, bool) and v % DAY_MS == 0 for v in values) \
            and key in ("start", "end"):
        return "d"
    if all(isinstance(v, (int, float, bool)) for v in values):
        return "n"
    if all(isinstance(v, list) and all(isinstance(s, str) for s in v) for v in values):
        return "l"
    return "j"


#: a column of strings (or of lists) is enumerated (kinds ``e``, ``L``) when it has at most one
#: distinct value per this many features: its table then costs less than the digits it saves
ENUMERATE_EVERY = 8


def _encode_all(kind: str, values: list[Any], strings: StringTable) -> tuple[str, Any]:
    """A column's kind as written and its values encoded (one comprehension per kind: a column
    holds 20,000 values)."""
    if kind == "s":
        distinct = dict.fromkeys(values)  # in the order they first come, at C speed
        if len(distinct) * ENUMERATE_EVERY > len(values):
            return kind, strings.ids(values)
        local = {value: k for k, value in enumerate(distinct)}
        return "e", [strings.ids(list(distinct)), list(map(local.__getitem__, values))]
    if kind == "d":
        return kind, [v // DAY_MS for v in values]
    if kind == "l":
        encoded = _encode_lists(values, strings)
        return _enumerated(encoded) or (kind, encoded)
    if kind == "q":
        return "p", _encode_popups(values, strings)
    return kind, values


def _enumerated(ids: list[list[int]]) -> tuple[str, list[Any]] | None:
    """``("L", [table, indices])`` for a column with few distinct lists of string indices, else
    None. The table is in the order the lists first come (deterministic)."""
    keys = list(map(tuple, ids))
    distinct = dict.fromkeys(keys)
    if len(distinct) * ENUMERATE_EVERY > len(keys):
        return None
    local = {value: k for k, value in enumerate(distinct)}
    return "L", [[list(value) for value in distinct], list(map(local.__getitem__, keys))]


def _encode_lists(values: list[list[str]], strings: StringTable) -> list[list[int]]:
    """Lists of strings as lists of ids; a list object shared by many features (the actors or
    outlets of many events, :mod:`geo.maps.columns`) encoded once. ``values`` holds every list
    while this runs, so an ``id`` cannot be reused for another one."""
    done: dict[int, list[int]] = {}
    out = []
    for value in values:
        ids = done.get(id(value))
        if ids is None:
            ids = done[id(value)] = strings.ids(value)
        out.append(ids)
    return out


def _encode_popups(popups: list[list[Any]], strings: StringTable) -> list[Any]:
    """A column of popups as ``[shapes, encoded]`` (kind ``p``, see the module's docstring).

    The shapes are numbered by their labels' texts; the labels' string indices are given after
    every popup's (the order of the string table does not change what the page shows)."""
    index = strings._index
    shapes: dict[tuple[str, ...], int] = {}  # by the labels' texts
    encoded = []
    for title, rows, evidence, source, note in popups:
        labels = tuple([pair[0] for pair in rows])
        shape = shapes.get(labels)
        if shape is None:
            shape = shapes[labels] = len(shapes)
        quotes = ([[strings.id(a), strings.id(b)] for a, b in evidence] if isinstance(evidence, list)
                  else index.setdefault(evidence or "", len(index)))
        encoded.append([index.setdefault(title, len(index)), shape, quotes, index.setdefault(source or "", len(index)),
                        index.setdefault(note or "", len(index)),
                        *[index.setdefault(pair[1], len(index)) for pair in rows]])
    return [[strings.ids(labels) for labels in shapes], encoded]


def unpack_points(layer: dict[str, Any], strings: Sequence[str]) -> dict[str, Any]:
    """A packed layer back as a GeoJSON FeatureCollection: what the page's ``territoryUnpack``
    does, written once more in Python for the tests and for reading a page's data."""
    n = len(layer["x"])
    props: list[dict[str, Any]] = [{} for _ in range(n)]
    for key, kind, values, *at in layer["cols"]:
        where = at[0] if at else range(n)
        if kind == "E":  # joined columns: each key's value from the table's entry
            kinds, table, indices = values
            for m, (name, of) in enumerate(zip(key, kinds)):
                decoded = [_decode("s" if of == "e" else "l", table[k][m], strings) for k in indices]
                for i, value in zip(where, decoded):
                    props[i][name] = value
            continue
        if kind in ("e", "L"):  # enumerated: the column's table, and an index into it per feature
            table, values = values
            kind, values = {"e": "s", "L": "l"}[kind], [table[k] for k in values]
        elif kind == "p":  # popups: each one's shape (its labels) from the column's shapes
            shapes, values = values
            values = [[title, [[label, value] for label, value in zip(shapes[shape], row_values)], *rest]
                      for title, shape, *rest, row_values in ((v[0], v[1], v[2], v[3], v[4], v[5:]) for v in values)]
            kind = "q"
        for i, value in zip(where, values):
            props[i][key] = _decode(kind, value, strings)
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]}, "properties": p}
        for x, y, p in zip(layer["x"], layer["y"], props)]}


def _decode(kind: str, value: Any, strings: Sequence[str]) -> Any:
    if kind == "s":
        return strings[value]
    if kind == "d":
        return value * DAY_MS
    if kind == "l":
        return [strings[k] for k in value]
    if kind == "q":
        title, pairs, quotes, source, note = value
        rows = [[strings[label], strings[text]] for label, text in pairs]
        evidence = (strings[quotes] if isinstance(quotes, int)
                    else [[strings[a], strings[b]] for a, b in quotes])
        return [strings[title], rows, evidence, strings[source], strings[note]]
    return value
