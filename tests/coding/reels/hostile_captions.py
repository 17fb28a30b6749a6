"""Captions that must never reach a caregiver, and plain ones that must.

The world they assume: the reel is family DEMO-01 (child "Mia"); DEMO-02 (child "Noah") and
HOLD-01 are other families in the same database.
"""

from __future__ import annotations

OWN_FAMILY, OTHER_FAMILIES = "DEMO-01", ("DEMO-02", "HOLD-01")
OWN_CHILD, OTHER_CHILD = "Mia", "Noah"

HOSTILE: tuple[str, ...] = (
    "see /home/coach/HOLD-01/visit3.mp4 and DEMO-02 too",  # the issue's own example
    "It is in /home/coach/clips",
    r"C:\Users\coach\Videos\visit3",
    r"look in \\clinic-server\share\clips",
    r"clips\visit3",
    "~/clips/visit3",
    "./visit3.mp4",
    "the file visit3.MOV",
    "home/coach/clips/a",
    "file:///home/coach/visit3.mp4",
    "FILE://server/x",
    "https://clinic.example.org/families",
    "www.vfcoach-clinic.org",
    "WWW.EXAMPLE.COM",
    "see example.org for more",
    "write to coach.anna@clinic.nl",
    "COACH@CLINIC.ORG",
    "a @ b.com",
    "demo-02 laughed like this too",
    "Like Demo-02's mum did",
    "hold-01",
    "ＤＥＭＯ-02 too",  # full-width letters
    "DEMO\u200b-02 too",  # a zero-width space inside the code
    "(DEMO-02)",
    "Noah smiled as well",
    "NOAH did the same",
    "just like noah.",
)

PLAIN: tuple[str, ...] = (
    "You picked her up as soon as she cried, and she settled on your shoulder.",
    "You waited. She settled.",
    "You picked her up and/or held her.",
    "She looked at you 2/3 of the time.",
    "Mia smiled when you sang.",  # the family's own child
    "DEMO-01 visit: you laughed together.",  # the family's own code
    "At 3.30 you said: well done!",
    "Well done.No rush, you waited.",  # a missed space, not a web address
    "You waited for him.It worked.",
    "Mum/Dad/baby all smiled together.",  # slashes between words, not a folder
)
