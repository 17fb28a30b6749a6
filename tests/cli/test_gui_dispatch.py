"""Without a command the GUI starts, through `vfcoach.ui.launch.run_gui`, imported only then."""

from __future__ import annotations

import sys
import types

import pytest

from vfcoach.cli import main


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    calls: list[tuple[object, ...]] = []

    def run_gui(
        db_url: str | None,
        demo: bool,
        screenshot: str | None,
        quit_after: float | None,
        verbose: bool = False,
        sign_in: bool = False,
    ) -> int:
        calls.append((db_url, demo, screenshot, quit_after) + (("sign-in",) if sign_in else ()))
        return 0

    module = types.ModuleType("vfcoach.ui.launch")
    module.run_gui = run_gui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vfcoach.ui.launch", module)
    return calls


def test_no_command_opens_the_window(fake_app: list[tuple[object, ...]]) -> None:
    assert main([]) == 0
    assert fake_app == [(None, False, None, None)]


def test_demo_options_reach_the_window(fake_app: list[tuple[object, ...]]) -> None:
    argv = ["--demo", "--db", "sqlite:///x.db", "--screenshot", "s.png", "--quit-after", "2.5"]
    assert main(argv) == 0
    assert fake_app == [("sqlite:///x.db", True, "s.png", 2.5)]


def test_sign_in_reaches_the_window(fake_app: list[tuple[object, ...]]) -> None:
    assert main(["--sign-in"]) == 0
    assert fake_app == [(None, False, None, None, "sign-in")]
