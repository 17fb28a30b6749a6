"""One point of a coder's drift: κ against the master coder on one recording, dated.

A plain value so the drift plot (`vfcoach.reports`) draws what `services.reliability.drift`
computed without importing the service that reads passes from storage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vfcoach.coding.ids import RecordingId


@dataclass(frozen=True)
class DriftPoint:
    when: dt.date
    recording_id: RecordingId
    label: str  # ids only
    kappa: float  # NaN when undefined (a single category)
    n: int  # alignment rows behind κ
    band: str | None  # Landis & Koch; None = too few to judge
    master: str = ""  # the master coder compared against
