"""territory: read war reporting, geoparse every place offline, extract who took what and when, map it.

The stages, each a subpackage with a short public face, data flowing one way::

    text, gazetteer -> geoparse -> events -> control -> io -> maps -> runner -> cli

What a notebook needs is here::

    import geo
    summary = geo.run(["articles/"], "out")                 # the whole job, as `territory run`
    places = geo.Geoparser().parse(geo.Article("a", text))  # resolved places of one text
    events = geo.extract_events(article, places)            # what happened where and when
    areas = geo.control_areas(events)                       # estimated areas of control
    geo.make_map(events_gdf, places_gdf, areas, "map.html")

The names load their stage on first use, so ``import geo`` stays light and the command line
only pays for the stages it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo.lazy import lazy_names

__version__ = "0.1.0"

#: public name -> the module that defines it
_EXPORTS = {
    "Article": "geo.records", "Candidate": "geo.records", "Event": "geo.records",
    "Toponym": "geo.records",
    "TerritoryError": "geo.errors", "InputFileError": "geo.errors", "CorpusError": "geo.errors",
    "ManifestError": "geo.errors", "GazetteerError": "geo.errors", "BoundaryError": "geo.errors",
    "OutputError": "geo.errors", "MissingDataError": "geo.errors",
    "Gazetteer": "geo.gazetteer.index",
    "Geoparser": "geo.geoparse.parser", "geoparse": "geo.geoparse.parser",
    "extract_events": "geo.events.extract",
    "control_timelines": "geo.control.estimate", "control_areas": "geo.control.estimate",
    "claims_vs_estimates": "geo.control.estimate",
    "read_corpus": "geo.io.corpus", "events_frame": "geo.io.exports",
    "places_frame": "geo.io.exports",
    "make_map": "geo.maps.page",
    "run": "geo.runner.pipeline", "RunSummary": "geo.runner.pipeline",
}
__all__ = [
    "Article",
    "BoundaryError",
    "Candidate",
    "CorpusError",
    "Event",
    "Gazetteer",
    "GazetteerError",
    "Geoparser",
    "InputFileError",
    "ManifestError",
    "MissingDataError",
    "OutputError",
    "RunSummary",
    "TerritoryError",
    "Toponym",
    "claims_vs_estimates",
    "control_areas",
    "control_timelines",
    "events_frame",
    "extract_events",
    "geoparse",
    "make_map",
    "places_frame",
    "read_corpus",
    "run",
]

if TYPE_CHECKING:
    from geo.control.estimate import claims_vs_estimates, control_areas, control_timelines
    from geo.errors import (
        BoundaryError,
        CorpusError,
        GazetteerError,
        InputFileError,
        ManifestError,
        MissingDataError,
        OutputError,
        TerritoryError,
    )
    from geo.events.extract import extract_events
    from geo.gazetteer.index import Gazetteer
    from geo.geoparse.parser import Geoparser, geoparse
    from geo.io.corpus import read_corpus
    from geo.io.exports import events_frame, places_frame
    from geo.maps.page import make_map
    from geo.records import Article, Candidate, Event, Toponym
    from geo.runner.pipeline import RunSummary, run


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals(), __all__)
