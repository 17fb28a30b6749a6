"""Who a reel is shown to, and when its faces must be blurred (domain.md §7.2, issue 14 §5).

A reel's audience (`Audience`) says whether the caregiver may watch it alone or only with
the coach beside them: both stay inside the family. A *training* showing puts the footage
in front of other coaches or staff, outside the family, and the `training` consent scope
says its faces are always blurred unless the family's record agrees to an unblurred
showing. The rule lives here, pure, so the export service, the CLI and the window all ask
the same question; the consent record that sets `unblurred_agreed` is read by the caller.
"""

from __future__ import annotations

import enum

from vfcoach.coding.errors import VfcoachError


class Showing(enum.StrEnum):
    """Who will watch an exported reel."""

    CAREGIVER = "caregiver"  # the family, possibly alone (a caregiver reel)
    COACH = "coach"  # the family with its coach beside them (a coach-view reel)
    TRAINING = "training"  # other coaches or staff, in training: outside the family


class FacesMustBeBlurred(VfcoachError):
    """A reel for a showing outside the family, asked for without face blur."""


def blur_required(audience: Showing | str, unblurred_agreed: bool) -> bool:
    """Whether a reel shown to `audience` must have every face blurred.

    `audience` is a `Showing` or its value (a reel's own `Audience` values are the same
    words); `unblurred_agreed`: the family's training consent explicitly allows showing
    faces. Only showings outside the family need blur; an unknown audience is treated as
    outside the family, so a new kind of showing is blurred until someone decides otherwise.
    """
    try:
        showing = Showing(str(audience))
    except ValueError:
        return True
    if showing is Showing.TRAINING:
        return not unblurred_agreed
    return False


def check_blur(audience: Showing | str, unblurred_agreed: bool, blurred: bool) -> None:
    """Refuse (`FacesMustBeBlurred`) an export without blur where `blur_required` says so."""
    if not blurred and blur_required(audience, unblurred_agreed):
        raise FacesMustBeBlurred(
            "this reel is for a training showing, outside the family, so every face must be "
            "blurred: tick 'Blur faces' (vfcoach reel export --blur-faces), or record the "
            "family's agreement to showing faces in training on its training consent"
        )
