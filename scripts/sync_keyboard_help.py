"""Copy the README's keyboard sections into the help the app ships (resources/keyboard_help.md).

Run after editing "Coding from the keyboard" or "Menus, key map, settings and a quiet
terminal" in README.md; tests/ui/test_key_map_and_help.py fails until the two agree.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SECTIONS = ("Coding from the keyboard", "Menus, key map, settings")


def main() -> None:
    text = (REPO / "README.md").read_text("utf-8")
    parts = []
    for title in SECTIONS:
        start = text.index(f"## {title}")
        parts.append(text[start : text.index("\n## ", start) + 1])
    (REPO / "vfcoach/resources/keyboard_help.md").write_text("".join(parts), "utf-8")


if __name__ == "__main__":
    main()
