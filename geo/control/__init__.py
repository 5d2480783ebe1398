"""Control: who held which place when, estimated areas of control, and claims set beside them."""

from __future__ import annotations

from geo.control.claims import AreaIndex, ClaimEstimate, claim_side
from geo.control.estimate import ControlObservation, claims_vs_estimates, control_areas, control_timelines, holder_at

__all__ = [
    "AreaIndex",
    "ClaimEstimate",
    "ControlObservation",
    "claim_side",
    "claims_vs_estimates",
    "control_areas",
    "control_timelines",
    "holder_at",
]
