"""The README stays true: the two quick-start commands, and the dialog diagram generated from
the state table (`python -m dialogs.diagram`)."""

from __future__ import annotations

from pathlib import Path

from dialogs import diagram

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_quick_start_has_exactly_the_two_commands() -> None:
    start = README.index("## Quick start")
    block = README[start:].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_readme_has_the_current_dialog_diagram() -> None:
    assert "```mermaid\n" + diagram.mermaid() + "```" in README, (
        "run `python -m dialogs.diagram` and paste it into README.md")


def test_quick_start_says_what_to_open_and_how_to_get_a_staff_account() -> None:
    start = README.index("## Quick start")
    section = README[start:README.index("\n## ", start + 1)]
    assert "http://127.0.0.1:8080/web" in section and "http://127.0.0.1:8080/staff/" in section
    assert "petition-bot staff add" in section
    assert "make run PORT=" in section and "DATA_DIR=" in section
