"""Coder reliability statistics (domain.md §6, issue 6): pure, NumPy and stdlib only.

Event-based agreement (one-to-one alignment within a tolerance window, κ against `nil`),
time-unit κ over code groups (with a tolerance in slices), the prevalence-robust companions
(PABAK, AC1, κ_max) and the Landis & Koch band, ICC(2,1)/ICC(3,1) with 95 % CIs and the
Koo & Li band, and Krippendorff's α. The CLI, the Reliability view and the HTML report all
read these same results, so they always print the same numbers.
"""

from vfcoach.coding.reliability.alignment import align_events
from vfcoach.coding.reliability.bands import (
    KOO_LI,
    LANDIS_KOCH,
    Bands,
    KappaBands,
    koo_li,
    koo_li_interval,
    landis_koch,
)
from vfcoach.coding.reliability.event_agreement import (
    EventAgreement,
    event_agreement,
    matching_rule,
    pool_event_agreements,
)
from vfcoach.coding.reliability.events import CodedEvent, DisagreementKind, EventPair
from vfcoach.coding.reliability.icc import IccResult, icc
from vfcoach.coding.reliability.kappa import (
    ONE_CATEGORY,
    TOO_FEW,
    KappaStats,
    cohen_kappa,
    gwet_ac1,
    kappa_max,
    kappa_stats,
    pabak,
    per_code_kappa,
)
from vfcoach.coding.reliability.krippendorff import krippendorff_alpha
from vfcoach.coding.reliability.table import NIL, NONE, AgreementTable, sum_tables
from vfcoach.coding.reliability.time_unit import (
    TimeUnitAgreement,
    pool_time_unit,
    slicing_rule,
    time_unit_agreement,
)

__all__ = [
    "KOO_LI",
    "LANDIS_KOCH",
    "NIL",
    "NONE",
    "ONE_CATEGORY",
    "TOO_FEW",
    "AgreementTable",
    "Bands",
    "CodedEvent",
    "DisagreementKind",
    "EventAgreement",
    "EventPair",
    "IccResult",
    "KappaBands",
    "KappaStats",
    "TimeUnitAgreement",
    "align_events",
    "cohen_kappa",
    "event_agreement",
    "gwet_ac1",
    "icc",
    "kappa_max",
    "kappa_stats",
    "koo_li",
    "koo_li_interval",
    "krippendorff_alpha",
    "landis_koch",
    "matching_rule",
    "pabak",
    "per_code_kappa",
    "pool_event_agreements",
    "pool_time_unit",
    "slicing_rule",
    "sum_tables",
    "time_unit_agreement",
]
