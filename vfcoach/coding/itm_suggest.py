"""Which ITM target to offer (Enter) for a comment linked to a behaviour (domain.md §3).

A coach's comment on a behaviour addresses the intervention target that behaviour belongs
to, whether it praises a strength or scaffolds towards it:

- a behaviour whose key is itself a target value (`NUR`, `FTL`, `DEL`, `CALM`): that target;
- frightening or overwhelming care (`FR`, `OVW`): `AVOID_FR`, the target named
  "frightening/overwhelming" in §3.2 (the same pairing the opportunity tally uses);
- missed comfort (`NUR_MISS`): nurturing, the target it misses;
- a state in an ME&E set that holds a target (`INT` and `LEAD_NONE` share `LEAD` with
  `FTL`): that target, since a comment on taking over is scaffolding towards following the
  lead.

Child cues (`C_DIS`, `C_LEAD`) and anything else get no suggestion: more than one target
may fit, and a wrong default accepted with Enter is worse than none.
"""

from __future__ import annotations

from collections.abc import Mapping

from vfcoach.coding.scheme import Code, Scheme

#: Behaviours whose comments address a target other than their own key (domain.md §3.1–3.2).
BEHAVIOUR_TARGET: Mapping[str, str] = {"FR": "AVOID_FR", "OVW": "AVOID_FR", "NUR_MISS": "NUR"}


def suggested_target(scheme: Scheme, itm: Code, trigger_key: str | None) -> str | None:
    """The target value to offer for an ITM linked to `trigger_key`, or None."""
    target = itm.modifier("target")
    if target is None or trigger_key is None:
        return None
    values = target.values
    if trigger_key in values:
        return trigger_key
    mapped = BEHAVIOUR_TARGET.get(trigger_key)
    if mapped is not None:
        return mapped if mapped in values else None
    trigger = scheme.code(trigger_key) if scheme.has(trigger_key) else None
    if trigger is None or trigger.me_set is None:
        return None
    same_set = [c.key for c in scheme.codes if c.me_set == trigger.me_set and c.key in values]
    return same_set[0] if len(same_set) == 1 else None


def suggested_values(scheme: Scheme, itm: Code, trigger_key: str | None) -> dict[str, str]:
    """Defaults the coach can accept with Enter, derived from the linked behaviour."""
    target = suggested_target(scheme, itm, trigger_key)
    return {} if target is None else {"target": target}
