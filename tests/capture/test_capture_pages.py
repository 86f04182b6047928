"""The clerk's page edits (move, rotate, delete, insert) and their undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.capture.pages import CaptureWorkspace, Page, PageKind, PageSet


def page(name: str, blank: bool = False) -> Page:
    return Page(Path(f"/work/{name}.jpg"), PageKind.IMAGE, width_px=100, height_px=200, blank=blank)


def names(pages: PageSet) -> list[str]:
    return [p.source.stem + (f"@{p.rotation}" if p.rotation else "") for p in pages.pages]


def test_edits_apply_in_order_and_undo_walks_back_one_step_at_a_time() -> None:
    pages = PageSet([page("a"), page("b"), page("c")])
    assert not pages.can_undo and pages.undo() is False

    pages.move(0, 2)
    assert names(pages) == ["b", "c", "a"]
    pages.rotate(1)
    pages.rotate(1, 180)
    assert names(pages) == ["b", "c@270", "a"]
    pages.delete(0)
    assert names(pages) == ["c@270", "a"]
    pages.insert(1, [page("x"), page("y")])
    assert names(pages) == ["c@270", "x", "y", "a"]
    pages.append([page("z")])
    assert names(pages) == ["c@270", "x", "y", "a", "z"]
    assert len(pages) == 5

    history = [
        ["c@270", "x", "y", "a"],
        ["c@270", "a"],
        ["b", "c@270", "a"],
        ["b", "c@90", "a"],
        ["b", "c", "a"],
        ["a", "b", "c"],
    ]
    for expected in history:
        assert pages.can_undo
        assert pages.undo() is True
        assert names(pages) == expected
    assert not pages.can_undo and pages.undo() is False


def test_moving_backwards_and_to_the_same_place() -> None:
    pages = PageSet([page("a"), page("b"), page("c"), page("d")])
    pages.move(3, 1)
    assert names(pages) == ["a", "d", "b", "c"]
    pages.move(2, 2)  # nothing moves, nothing to undo
    pages.undo()
    assert names(pages) == ["a", "b", "c", "d"]
    assert not pages.can_undo


def test_out_of_range_edits_change_nothing() -> None:
    pages = PageSet([page("a"), page("b")])
    for edit in (
        lambda: pages.move(0, 2),
        lambda: pages.move(-1, 0),
        lambda: pages.rotate(2),
        lambda: pages.delete(5),
        lambda: pages.insert(3, [page("x")]),
    ):
        with pytest.raises(IndexError):
            edit()
    assert names(pages) == ["a", "b"] and not pages.can_undo
    pages.insert(0, [])  # inserting nothing is no edit
    assert not pages.can_undo


def test_rotation_stays_in_quarter_turns() -> None:
    turned = page("a").rotated(90).rotated(270).rotated(-90)
    assert turned.rotation == 270
    assert turned.upright_size == (200, 100)
    assert page("a").rotated(720).rotation == 0
    with pytest.raises(ValueError):
        page("a").rotated(45)
    with pytest.raises(ValueError):
        PageSet([page("a")]).rotate(0, 30)


def test_blank_pages_are_flagged_not_dropped() -> None:
    pages = PageSet([page("a"), page("b", blank=True), page("c"), page("d", blank=True)])
    assert pages.blank_indexes == (1, 3)
    pages.move(3, 0)
    assert pages.blank_indexes == (0, 2)
    assert len(pages) == 4


def test_undo_history_is_bounded_but_deep() -> None:
    pages = PageSet([page("a")])
    for _ in range(150):
        pages.rotate(0)
    steps = 0
    while pages.undo():
        steps += 1
    assert steps == 100


def test_workspace_names_files_at_random_and_discards_them(tmp_path: Path) -> None:
    workspace = CaptureWorkspace(tmp_path / "capture")
    first, second = workspace.new_path(".jpg"), workspace.new_path(".JPG")
    assert first != second and first.parent == second.parent == workspace.directory
    assert second.suffix == ".jpg" and len(first.stem) == 24
    first.write_bytes(b"x")
    assert workspace.contains(first)
    for bad in ("jpg", "../x", ".a/b", ". "):
        with pytest.raises(ValueError):
            workspace.new_path(bad)
    other = CaptureWorkspace(tmp_path / "capture")
    assert other.directory != workspace.directory  # one directory per session
    workspace.discard()
    assert not workspace.directory.exists() and other.directory.exists()
