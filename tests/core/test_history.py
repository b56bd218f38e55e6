"""The plain undo history: push, undo, redo, merging of typing, and the clean state."""

from __future__ import annotations

import pytest

from journeymap.core import fileformat
from journeymap.core.commands import AddLink, AddTouchpoint, Edit, MoveTouchpoint
from journeymap.core.entities import Lane, Link, Stage, Touchpoint
from journeymap.core.errors import UnknownReference
from journeymap.core.history import History
from journeymap.core.model import JourneyMap


def make_doc() -> JourneyMap:
    doc = JourneyMap("History")
    doc.add_stage(Stage(id="s", name="S"))
    doc.add_lane(Lane(id="l", name="L"))
    for i, tp_id in enumerate(("a", "b")):
        doc.add_touchpoint(Touchpoint(id=tp_id, title=tp_id.upper(), stage="s", lane="l", slot=i))
    return doc


@pytest.fixture
def history() -> History:
    return History(make_doc())


def dumps(history: History) -> bytes:
    return fileformat.dumps(history.doc)


def title(history: History, tp_id: str = "a") -> str:
    return history.doc.touchpoint(tp_id).title


def test_push_undo_redo(history: History) -> None:
    start = dumps(history)
    assert not history.can_undo and not history.can_redo
    assert history.undo() is False and history.redo() is False
    history.push(Edit("touchpoint", "a", {"title": "One"}))
    history.push(AddLink(Link(source="a", target="b")))
    after = dumps(history)
    assert title(history) == "One" and history.doc.has_link("a", "b")
    assert (history.index, history.count) == (2, 2)

    assert history.undo() is True
    assert not history.doc.has_link("a", "b")
    assert history.undo() is True
    assert dumps(history) == start
    assert not history.can_undo and history.can_redo
    assert (history.index, history.count) == (0, 2)

    assert history.redo() and history.redo()
    assert dumps(history) == after
    assert history.redo() is False


def test_push_after_undo_drops_the_redo_steps(history: History) -> None:
    history.push(Edit("touchpoint", "a", {"title": "One"}))
    history.push(Edit("touchpoint", "b", {"title": "Two"}))
    history.undo()
    history.push(MoveTouchpoint("a", "s", "l", 1))
    assert not history.can_redo
    assert history.count == 2
    assert title(history, "b") == "B"


def test_failing_command_is_not_recorded(history: History) -> None:
    history.push(Edit("touchpoint", "a", {"title": "One"}))
    history.undo()
    before = dumps(history)
    with pytest.raises(UnknownReference):
        history.push(MoveTouchpoint("zz", "s", "l", 0))
    assert dumps(history) == before
    assert history.can_redo, "a refused command keeps the redo steps"
    assert history.count == 1


def test_typing_merges_into_one_step(history: History) -> None:
    start = dumps(history)
    for text in ("O", "On", "One"):
        history.push(Edit("touchpoint", "a", {"title": text}))
    assert title(history) == "One"
    assert history.index == 1
    history.undo()
    assert dumps(history) == start
    history.redo()
    assert title(history) == "One"


def test_merge_false_keeps_separate_steps(history: History) -> None:
    history.push(Edit("touchpoint", "a", {"title": "O"}))
    history.push(Edit("touchpoint", "a", {"title": "On"}), merge=False)
    assert history.index == 2
    history.undo()
    assert title(history) == "O"


@pytest.mark.parametrize(
    "second",
    [
        Edit("touchpoint", "a", {"description": "other field"}),
        Edit("touchpoint", "b", {"title": "other card"}),
        Edit("map", None, {"title": "other kind"}),
    ],
)
def test_different_fields_or_entities_do_not_merge(history: History, second: Edit) -> None:
    history.push(Edit("touchpoint", "a", {"title": "One"}))
    history.push(second)
    assert history.index == 2
    history.undo()
    assert title(history) == "One"


def test_edit_merged_back_to_the_start_disappears(history: History) -> None:
    history.push(Edit("touchpoint", "a", {"title": "Ax"}))
    assert not history.is_clean
    history.push(Edit("touchpoint", "a", {"title": "A"}))
    assert not history.can_undo
    assert history.is_clean


def test_edits_do_not_merge_across_another_command(history: History) -> None:
    history.push(Edit("touchpoint", "a", {"title": "O"}))
    history.push(AddLink(Link(source="a", target="b")))
    history.push(Edit("touchpoint", "a", {"title": "On"}))
    assert history.index == 3


def test_clean_state_follows_undo_and_redo(history: History) -> None:
    assert history.is_clean
    history.push(Edit("touchpoint", "a", {"title": "One"}))
    assert not history.is_clean
    history.undo()
    assert history.is_clean
    history.redo()
    history.set_clean()
    assert history.is_clean
    history.undo()
    assert not history.is_clean
    history.redo()
    assert history.is_clean


def test_no_merge_into_the_saved_step(history: History) -> None:
    history.push(Edit("touchpoint", "a", {"title": "O"}))
    history.set_clean()
    saved = dumps(history)
    history.push(Edit("touchpoint", "a", {"title": "On"}))
    assert not history.is_clean
    assert history.index == 2
    history.undo()
    assert history.is_clean
    assert dumps(history) == saved


def test_merge_after_the_saved_step_keeps_it_reachable(history: History) -> None:
    history.push(Edit("touchpoint", "a", {"title": "O"}))
    history.set_clean()
    history.push(Edit("touchpoint", "b", {"title": "T"}))
    history.push(Edit("touchpoint", "b", {"title": "B"}))  # back to the saved text
    assert history.index == 1
    assert history.is_clean


def test_saved_state_lost_when_its_step_is_replaced(history: History) -> None:
    history.push(Edit("touchpoint", "a", {"title": "One"}))
    history.set_clean()
    history.undo()
    history.push(Edit("touchpoint", "b", {"title": "Two"}))
    assert not history.is_clean
    history.undo()
    assert not history.is_clean, "the saved state had a = One, which is gone"
    history.redo()
    assert not history.is_clean


def test_saved_state_lost_after_undo_merge_and_new_step(history: History) -> None:
    history.push(Edit("touchpoint", "a", {"title": "A1"}))
    history.push(AddLink(Link(source="a", target="b")))
    history.set_clean()  # saved at index 2
    history.undo()
    history.push(Edit("touchpoint", "a", {"title": "A2"}))  # merges into step 1
    history.push(AddTouchpoint(Touchpoint(id="c", title="C", stage="s", lane="l", slot=0)))
    assert history.index == 2
    assert not history.is_clean


def test_undo_everything_after_many_steps(history: History) -> None:
    start = dumps(history)
    for i in range(10):
        history.push(Edit("touchpoint", "ab"[i % 2], {"title": f"t{i}"}), merge=False)
        history.push(MoveTouchpoint("a", "s", "l", i % 2))
    end = dumps(history)
    while history.undo():
        pass
    assert dumps(history) == start
    while history.redo():
        pass
    assert dumps(history) == end
