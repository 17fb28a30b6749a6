"""Files a person asked vfcoach to write: the target policy and the atomic writer.

Stdlib only (plus `coding.errors`), so the CLI, every operation and `video` share it.
"""

from vfcoach.output.target import (
    CheckedTarget,
    OutputExists,
    OutputRefused,
    Protected,
    check_target,
)
from vfcoach.output.writer import remove_stale_parts, write_bytes, write_text, writing

#: The extensions each kind of output may have; the extension decides the format.
MP4 = (".mp4",)
CSV = (".csv",)
JSON = (".json",)
IMAGE = (".png", ".jpg", ".jpeg")
REPORT = (".html", ".htm", ".pdf")

__all__ = [
    "CSV",
    "IMAGE",
    "JSON",
    "MP4",
    "REPORT",
    "CheckedTarget",
    "OutputExists",
    "OutputRefused",
    "Protected",
    "check_target",
    "remove_stale_parts",
    "write_bytes",
    "write_text",
    "writing",
]
