"""Events: what happened where and when (control changes, attacks, states, claims), each traced to its sentence."""

from __future__ import annotations

from geo.events.actors import find_actors
from geo.events.extract import extract_events
from geo.events.incidents import assign_incidents, incidents_frame
from geo.events.sides import SIDES, side_of

__all__ = ["SIDES", "assign_incidents", "extract_events", "find_actors", "incidents_frame", "side_of"]
