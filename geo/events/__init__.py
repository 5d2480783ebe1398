"""Events: what happened where and when (control changes, attacks, states, claims), each traced to its sentence.

The names load their module on first use: the writers, the map and the estimate of control need
only the sides and the incidents, not the extraction (its expressions, compiled at import, were
most of a ``-j N`` run's parent's start-up, which extracts nothing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo.lazy import lazy_names

#: public name -> the module that defines it
_EXPORTS = {
    "SIDES": "geo.events.sides", "side_of": "geo.events.sides",
    "find_actors": "geo.events.actors",
    "extract_events": "geo.events.extract",
    "assign_incidents": "geo.events.incidents", "incidents_frame": "geo.events.incidents",
}
__all__ = ["SIDES", "assign_incidents", "extract_events", "find_actors", "incidents_frame", "side_of"]

if TYPE_CHECKING:
    from geo.events.actors import find_actors
    from geo.events.extract import extract_events
    from geo.events.incidents import assign_incidents, incidents_frame
    from geo.events.sides import SIDES, side_of

__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals(), __all__)
