"""Keyboard-flow operations on the canvas: each turns the selection into one command."""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from journeymap.core import appearance
from journeymap.core.commands import (
    AddLink,
    AddTouchpoint,
    Command,
    Edit,
    Macro,
    MoveTouchpoint,
    RemoveLink,
    RemoveTouchpoints,
)
from journeymap.core.entities import Link
from journeymap.core.ids import unique_id
from journeymap.gui.canvas.linklayer import LinkItem
from journeymap.gui.canvas.scene import MapScene


def _edit_each(scene: MapScene, text: str, values: dict[str, dict[str, object]]) -> bool:
    commands: list[Command] = [
        Edit("touchpoint", tp_id, fields, text) for tp_id, fields in values.items()
    ]
    if not commands:
        return False
    return scene.execute(commands[0] if len(commands) == 1 else Macro(text, commands))


def new_card(scene: MapScene) -> bool:
    """N: a new card in the cell under the mouse, or right after the selected card."""
    selected = scene.selected_cards()
    if selected:
        tp = scene.doc.touchpoint(selected[-1])
        position = [t.id for t in scene.doc.cell(tp.stage, tp.lane)].index(tp.id)
        scene.new_card_in(tp.stage, tp.lane, position + 1)
        return True
    pos = scene.last_mouse
    cell = scene.layout.cell_at(pos.x(), pos.y())
    if cell is None:
        stage, lane = scene.doc.stages[0].id, scene.doc.lanes[0].id
        scene.new_card_in(stage, lane, len(scene.doc.cell(stage, lane)))
        return True
    count = len(scene.doc.cell(*cell))
    scene.new_card_in(*cell, scene.layout.insertion_index(*cell, pos.x(), pos.y(), count))
    return True


def delete_selection(scene: MapScene) -> bool:
    """Delete: remove the selected cards (with their links) and the selected links."""
    cards = scene.selected_cards()
    links = [
        (i.source, i.target)
        for i in scene.selectedItems()
        if isinstance(i, LinkItem) and i.source not in cards and i.target not in cards
    ]
    commands: list[Command] = [RemoveLink(*pair) for pair in links]
    if cards:
        commands.append(RemoveTouchpoints(cards))
    if not commands:
        return False
    return scene.execute(commands[0] if len(commands) == 1 else Macro("Remove selection", commands))


def link_selection(scene: MapScene) -> bool:
    """L: link the selected cards in the order they were selected."""
    ids = scene.selected_cards()
    if len(ids) < 2:
        scene.status.emit("Select two touchpoints (Shift+click) to link them.")
        return False
    pairs = [(a, b) for a, b in zip(ids, ids[1:], strict=False) if not scene.doc.has_link(a, b)]
    if not pairs:
        scene.status.emit("These touchpoints are already linked.")
        return False
    commands: list[Command] = [AddLink(Link(source=a, target=b)) for a, b in pairs]
    return scene.execute(commands[0] if len(commands) == 1 else Macro("Link touchpoints", commands))


def set_emotion(scene: MapScene, emotion: int | None) -> bool:
    name = "cleared" if emotion is None else appearance.EMOTION_NAMES[emotion]
    return _edit_each(
        scene, f"Emotion {name}", {i: {"emotion": emotion} for i in scene.selected_cards()}
    )


def set_colour(scene: MapScene, colour: str) -> bool:
    return _edit_each(
        scene,
        f"Colour {colour_name(colour)}",
        {i: {"colour": colour} for i in scene.selected_cards()},
    )


def colour_name(hex_code: str) -> str:
    """“green (delight)” for a preset, the hex code otherwise."""
    for code, name, meaning in appearance.PRESETS:
        if code.lower() == hex_code.lower():
            return f"{name} ({meaning})"
    return hex_code


def cycle_colour(scene: MapScene) -> bool:
    """C: the next colour preset on every selected card."""
    doc = scene.doc
    ids = scene.selected_cards()
    values = {i: {"colour": appearance.next_preset(doc.touchpoint(i).colour)} for i in ids}
    shown = {str(v["colour"]) for v in values.values()}
    text = f"Colour {colour_name(shown.pop())}" if len(shown) == 1 else "Next colour"
    return _edit_each(scene, text, values)


def vote(scene: MapScene, delta: int) -> bool:
    """+ / −: add or remove a dot vote on the selected cards."""
    doc = scene.doc
    values = {
        i: {"votes": max(0, doc.touchpoint(i).votes + delta)}
        for i in scene.selected_cards()
        if doc.touchpoint(i).votes + delta >= 0
    }
    return _edit_each(scene, "Vote" if delta > 0 else "Remove vote", values)


def toggle_moment_of_truth(scene: MapScene) -> bool:
    doc = scene.doc
    ids = scene.selected_cards()
    if not ids:
        return False
    flag = not all(doc.touchpoint(i).moment_of_truth for i in ids)
    text = "Marked as moment of truth" if flag else "Moment of truth mark removed"
    return _edit_each(scene, text, {i: {"moment_of_truth": flag} for i in ids})


def duplicate(scene: MapScene) -> bool:
    """Ctrl+D: copies of the selected cards right after each original."""
    doc = scene.doc
    ids = scene.selected_cards()
    if not ids:
        return False
    commands: list[Command] = []
    taken: set[str] = set()
    new_ids: list[str] = []
    for tp_id in ids:
        original = doc.touchpoint(tp_id)
        copy_ = copy.deepcopy(original)
        copy_.id = unique_id(original.title or tp_id, lambda i: doc.has_touchpoint(i) or i in taken)
        taken.add(copy_.id)
        new_ids.append(copy_.id)
        position = [t.id for t in doc.cell(original.stage, original.lane)].index(tp_id)
        commands.append(AddTouchpoint(copy_, position + 1))
    ok = scene.execute(
        commands[0] if len(commands) == 1 else Macro("Duplicate touchpoints", commands)
    )
    if ok:
        scene.select_only(new_ids)
    return ok


def _center(scene: MapScene, tp_id: str) -> tuple[float, float]:
    r = scene.layout.cards[tp_id]
    return r.x + r.w / 2, r.y + r.h / 2


def select_neighbour(scene: MapScene, dx: int, dy: int) -> bool:
    """Arrow keys: select the nearest card in that direction."""
    ids = scene.selected_cards()
    doc = scene.doc
    if not ids:
        first = next(iter(doc.touchpoints()), None)
        if first is None:
            return False
        scene.select_only([first.id])
        return True
    x0, y0 = _center(scene, ids[-1])
    best: tuple[float, str] | None = None
    for tp_id, rect in scene.layout.cards.items():
        x, y = rect.x + rect.w / 2, rect.y + rect.h / 2
        ax, ay = x - x0, y - y0
        along = ax * dx + ay * dy
        if along <= 1:
            continue
        across = abs(ax * dy) + abs(ay * dx)
        score = along + 2.5 * across
        if best is None or score < best[0]:
            best = (score, tp_id)
    if best is None:
        return False
    scene.select_only([best[1]])
    return True


def move_across(scene: MapScene, dx: int, dy: int) -> bool:
    """Ctrl+arrows: move the selected cards to the neighbouring stage (dx) or lane (dy)."""
    ids = scene.selected_cards()
    if not ids:
        return False
    doc = scene.doc
    stage_index = {s.id: i for i, s in enumerate(doc.stages)}
    lane_index = {lane.id: i for i, lane in enumerate(doc.lanes)}
    cards = sorted(
        (doc.touchpoint(i) for i in ids),
        key=lambda t: (stage_index[t.stage], lane_index[t.lane], t.slot),
    )
    commands: list[Command] = []
    for tp in cards:
        si, li = stage_index[tp.stage] + dx, lane_index[tp.lane] + dy
        if not (0 <= si < len(doc.stages) and 0 <= li < len(doc.lanes)):
            edge = ("first", "last")[dx > 0] + " stage" if dx else ("top", "bottom")[dy > 0]
            where = edge if dx else f"{edge} lane"
            scene.status.emit(f"“{tp.title}” is already in the {where}: nothing moved.")
            return False
        stage, lane = doc.stages[si].id, doc.lanes[li].id
        position = scene.position_of(tp.id) if len(cards) == 1 else None
        commands.append(MoveTouchpoint(tp.id, stage, lane, position))
    what = "stage" if dx else "lane"
    text = (
        f"Moved to the {('previous', 'next')[dx > 0] if dx else ('upper', 'lower')[dy > 0]} {what}"
    )
    if len(commands) == 1:
        commands[0].text = text
    ok = scene.execute(commands[0] if len(commands) == 1 else Macro(text, commands))
    if ok:
        scene.select_only([tp.id for tp in cards])
    return ok


def start_typing(scene: MapScene, text: str) -> bool:
    """A character typed on the canvas that is no command starts a new card with it (after
    the selected card, or in the cell under the mouse), instead of being lost."""
    if scene.editor is not None:
        return False
    new_card(scene)
    editor = scene.editor
    if editor is None:
        return False
    editor.textCursor().insertText(text)
    return True


def card_menu(
    scene: MapScene,
    tp_id: str,
    screen_pos: QPoint,
    improve: Callable[[str, str], object] | None = None,
) -> None:
    """The context menu of a card (acts on the selection, which includes the card).

    ``improve(tp_id, pain_point)`` starts an improvement from one of the card's pain points.
    """
    menu = QMenu()
    hinted(menu.addAction("Edit title", lambda: scene.edit_title(tp_id)), "F2")
    hinted(menu.addAction("Duplicate", lambda: duplicate(scene)), "Ctrl+D")
    emotion = menu.addMenu("Emotion")
    for e in range(-2, 3):
        name = appearance.EMOTION_NAMES[e].capitalize()
        hinted(emotion.addAction(name, lambda e=e: set_emotion(scene, e)), str(e + 3))
    hinted(emotion.addAction("Clear", lambda: set_emotion(scene, None)), "0")
    colours = menu.addMenu("Colour")
    hinted(colours.addAction("Next preset", lambda: cycle_colour(scene)), "C")
    colours.addSeparator()
    for hex_code, name, meaning in appearance.PRESETS:
        label = f"{name.capitalize()} — {meaning}"
        colours.addAction(label, lambda h=hex_code: set_colour(scene, h))
    hinted(menu.addAction("Toggle moment of truth", lambda: toggle_moment_of_truth(scene)), "M")
    hinted(menu.addAction("Add a dot vote", lambda: vote(scene, 1)), "+")
    hinted(menu.addAction("Link the selected cards", lambda: link_selection(scene)), "L")
    if improve is not None:
        add_improvement_entries(menu, tp_id, scene.doc.touchpoint(tp_id).pain_points, improve)
    menu.addSeparator()
    hinted(menu.addAction("Remove", lambda: delete_selection(scene)), "Del")
    menu.exec(screen_pos)


def hinted(action: QAction, key: str) -> QAction:
    """Show the canvas key of ``action`` in its menu (the key works on the canvas; inside the
    open menu it is local to the menu, so it never competes with the canvas's own action)."""
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.setShortcutVisibleInContextMenu(True)
    return action


def add_improvement_entries(
    menu: QMenu, tp_id: str, pain_points: list[str], improve: Callable[[str, str], object]
) -> None:
    """“New improvement from this pain point”: one entry, or a submenu of the pain points."""
    if not pain_points:
        return
    text = "New improvement from this pain point"
    if len(pain_points) == 1:
        menu.addAction(text, lambda p=pain_points[0]: improve(tp_id, p))
        return
    submenu = menu.addMenu(text)
    for pain in pain_points:
        label = " ".join(pain.split())
        label = label if len(label) <= 60 else label[:59] + "…"
        submenu.addAction(label.replace("&", "&&"), lambda p=pain: improve(tp_id, p))
