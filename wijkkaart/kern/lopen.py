"""Walking: the pace every "minuten lopen" in wijkkaart is computed with, and the snapping limit of the network."""

from __future__ import annotations

import math

#: Metres per minute: 4.5 km/h, an unhurried pace that an older resident also keeps up
#: (the 5 km/h of route planners overstates how far a 75-year-old gets in ten minutes).
LOOPSNELHEID = 75.0

#: A point farther than this from every walkable way does not reach the network: it is flagged and
#: measured in a straight line, never silently moved to a street across a canal or a railway.
MAX_SNAP_M = 250.0


def loopminuten(meter: float) -> int:
    """Whole minutes' walk for ``meter`` (at least 1 for any distance above zero)."""
    if not math.isfinite(meter):
        raise ValueError("geen afstand")
    return max(1, round(meter / LOOPSNELHEID)) if meter > 0 else 0
