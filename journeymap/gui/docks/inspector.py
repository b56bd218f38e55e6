"""The inspector dock: edits the fields of the selected touchpoint, link, stage or lane, or the map.

The main window calls :meth:`InspectorDock.show_item` when the canvas selection changes.
Each kind of entity has a form that binds every document field to a getter and a setter
over its widgets. A user change becomes one ``Edit`` pushed through the session (only when
the value really differs; typing merges on the undo stack). Document events put new values
back, quietly, leaving alone any widget that already shows them, so undo, redo and edits
made elsewhere show up without disturbing the field being typed in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from journeymap.core.appearance import LINK_KIND_NAMES, PHASE_NAMES
from journeymap.core.entities import LINK_KINDS, MAX_COUNT, PHASES, Persona
from journeymap.core.errors import ModelError
from journeymap.core.events import Changed, Event, Moved, Removed
from journeymap.gui.docks.form import Form, unsubscribe_all
from journeymap.gui.docks.widgets import (
    Choice,
    ColourPicker,
    Counter,
    EmotionPicker,
    MetricsEditor,
    TitleEdit,
    combo,
    lines_of,
    put_lines,
    put_text,
    same,
    text_box,
)
from journeymap.gui.session import Session

__all__ = ["InspectorDock"]

class TouchpointForm(Form):
    kind = "touchpoint"
    caption = "Touchpoint"

    def __init__(self) -> None:
        super().__init__()
        self.title = TitleEdit()
        self.title.setPlaceholderText("What happens, in a few words")
        self.channel = Choice()
        self.emotion = EmotionPicker()
        self.colour = ColourPicker()
        self.description = text_box(4, "What happens here")
        self.thoughts = text_box(3, "What the customer thinks, asks, feels")
        self.pain_points = text_box(3, "One pain point per line")
        self.opportunities = text_box(3, "One opportunity per line")
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("Team or person responsible")
        self.metrics = MetricsEditor()
        self.moment_of_truth = QCheckBox("Moment of truth")
        self.moment_of_truth.setToolTip("Mark this touchpoint as a decisive moment")
        self.votes = Counter()
        self.votes.setRange(0, 999)
        self.votes.setToolTip("Workshop dot votes")

        self.stacked("Title", self.title)
        self.row("Channel", self.channel)
        self.stacked("Emotion", self.emotion)
        self.stacked("Colour", self.colour)
        self.section("Story")
        self.stacked("Description", self.description)
        self.stacked("Thoughts", self.thoughts)
        self.section("Findings")
        self.stacked("Pain points", self.pain_points)
        self.stacked("Opportunities", self.opportunities)
        self.section("Ownership and measures")
        self.row("Owner", self.owner)
        votes_row = QHBoxLayout()
        votes_row.setSpacing(12)
        votes_row.addWidget(self.votes)
        votes_row.addWidget(self.moment_of_truth)
        votes_row.addStretch(1)
        self.form.addRow("Votes", votes_row)
        self.stacked("Metrics", self.metrics)

        for field in ("title", "description", "thoughts", "owner"):
            self.bind_text(field, getattr(self, field))
        self.bind_lines("pain_points", self.pain_points)
        self.bind_lines("opportunities", self.opportunities)
        self.bind_combo("channel", self.channel)
        self.bind("emotion", self.emotion.value, self.emotion.set_value, self.emotion.changed)
        self.bind("colour", self.colour.value, self.colour.set_value, self.colour.changed)
        self.bind("metrics", self.metrics.value, self.metrics.set_value, self.metrics.changed)
        self.bind(
            "moment_of_truth",
            self.moment_of_truth.isChecked,
            lambda v, _f: self.moment_of_truth.setChecked(v),
            self.moment_of_truth.toggled,
        )
        self.bind("votes", self.votes.value, self._put_votes, self.votes.valueChanged)

    def _put_votes(self, votes: int, _fresh: bool) -> None:
        # The file format caps votes at MAX_COUNT, which is also what a spin box holds.
        votes = min(max(votes, 0), MAX_COUNT)
        self.votes.setMaximum(max(999, votes))
        self.votes.setValue(votes)

    def record(self) -> Any:
        return self.doc.touchpoint(self.key)

    def prepare(self) -> None:
        """The channel list follows the map's palette."""
        with self.quietly():
            self.channel.clear()
            self.channel.addItem("(none)", None)
            for channel in self.doc.palette:
                self.channel.addItem(channel.name, channel.id)

    def update_header(self) -> None:
        tp = self.record()
        self.subtitle.setText(f"{self.doc.stage(tp.stage).name} · {self.doc.lane(tp.lane).name}")
        super().update_header()

    def on_event(self, event: Event) -> None:
        super().on_event(event)
        if isinstance(event, Changed) and event.kind == "map" and "channels" in event.fields:
            self.prepare()
            self.refresh(["channel"])
        elif (isinstance(event, Moved) and event.key == self.key) or (
            isinstance(event, Changed) and event.kind in ("stage", "lane")
        ):
            self.update_header()


class LinkForm(Form):
    kind = "link"
    caption = "Link"

    def __init__(self) -> None:
        super().__init__()
        self.source = QLabel()
        self.target = QLabel()
        for end in (self.source, self.target):
            end.setWordWrap(True)
            end.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label = QLineEdit()
        self.label.setPlaceholderText("e.g. “taps the saved post”")
        self.link_kind = combo([(LINK_KIND_NAMES[k], k) for k in LINK_KINDS])
        self.row("From", self.source)
        self.row("To", self.target)
        self.row("Label", self.label)
        self.row("Kind", self.link_kind)
        self.bind_text("label", self.label)
        self.bind_combo("kind", self.link_kind)

    def record(self) -> Any:
        return self.doc.link(*self.key)

    def update_header(self) -> None:
        source, target = self.key
        self.source.setText(self.doc.touchpoint(source).title)
        self.target.setText(self.doc.touchpoint(target).title)
        super().update_header()

    def on_event(self, event: Event) -> None:
        super().on_event(event)
        if (
            isinstance(event, Changed)
            and event.kind == "touchpoint"
            and event.key in self.key
            and "title" in event.fields
        ):
            self.update_header()


class StageForm(Form):
    kind = "stage"
    caption = "Stage"

    def __init__(self) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.phase = combo([(PHASE_NAMES[p], p) for p in PHASES] + [("No phase", None)])
        self.description = text_box(4, "What the customer is doing in this stage")
        self.row("Name", self.name)
        self.row("Phase", self.phase)
        self.stacked("Description", self.description)
        self.bind_text("name", self.name)
        self.bind_combo("phase", self.phase)
        self.bind_text("description", self.description)

    def record(self) -> Any:
        return self.doc.stage(self.key)

    def update_header(self) -> None:
        self.subtitle.setText(
            f"Column {self.doc.stage_index(self.key) + 1} of {len(self.doc.stages)}"
        )
        super().update_header()

    def on_event(self, event: Event) -> None:
        super().on_event(event)
        if event.kind == "stage":
            self.update_header()


class LaneForm(Form):
    kind = "lane"
    caption = "Lane"

    def __init__(self) -> None:
        super().__init__()
        self.name = QLineEdit()
        self.description = text_box(4, "Who or what this row shows")
        self.row("Name", self.name)
        self.stacked("Description", self.description)
        self.bind_text("name", self.name)
        self.bind_text("description", self.description)

    def record(self) -> Any:
        return self.doc.lane(self.key)

    def update_header(self) -> None:
        self.subtitle.setText(f"Row {self.doc.lane_index(self.key) + 1} of {len(self.doc.lanes)}")
        super().update_header()

    def on_event(self, event: Event) -> None:
        super().on_event(event)
        if event.kind == "lane":
            self.update_header()


class MapForm(Form):
    kind = "map"
    caption = "Journey map"

    def __init__(self) -> None:
        super().__init__()
        self.title = QLineEdit()
        self.description = text_box(5, "Scope, sources, what the map is for")
        self.persona_name = QLineEdit()
        self.persona_name.setPlaceholderText("Who travels this journey")
        self.persona_description = text_box(3, "Age, situation, habits")
        self.goals = text_box(3, "One goal per line")
        self.pains = text_box(3, "One pain per line")
        self.row("Title", self.title)
        self.stacked("Description", self.description)
        self.section("Persona")
        self.row("Name", self.persona_name)
        self.stacked("About", self.persona_description)
        self.stacked("Goals", self.goals)
        self.stacked("Pains", self.pains)
        self.bind_text("title", self.title)
        self.bind_text("description", self.description)
        self.bind(
            "persona",
            self._persona,
            self._put_persona,
            self.persona_name.textChanged,
            self.persona_description.textChanged,
            self.goals.textChanged,
            self.pains.textChanged,
        )

    def _persona(self) -> Persona | None:
        """The persona the widgets show; None when they are all empty."""
        persona = Persona(
            name=self.persona_name.text(),
            description=self.persona_description.toPlainText(),
            goals=lines_of(self.goals),
            pains=lines_of(self.pains),
        )
        return None if same(persona, Persona()) else persona

    def _put_persona(self, persona: Persona | None, fresh: bool) -> None:
        persona = persona or Persona()
        put_text(self.persona_name, persona.name, fresh)
        put_text(self.persona_description, persona.description, fresh)
        put_lines(self.goals, persona.goals, fresh)
        put_lines(self.pains, persona.pains, fresh)

    def update_header(self) -> None:
        doc = self.doc
        counts = (
            (len(doc.stages), "stage"),
            (len(doc.lanes), "lane"),
            (doc.touchpoint_count, "touchpoint"),
            (doc.graph.number_of_edges(), "link"),
        )
        text = " · ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts)
        self.subtitle.setText(text)
        super().update_header()

    def on_event(self, event: Event) -> None:
        super().on_event(event)
        if not isinstance(event, (Changed, Moved)):
            self.update_header()


FORM_TYPES: dict[str, type[Form]] = {
    "touchpoint": TouchpointForm,
    "link": LinkForm,
    "stage": StageForm,
    "lane": LaneForm,
    "map": MapForm,
}


class _Scroll(QScrollArea):
    """The dock's scroll area, suggesting a comfortable inspector width."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(360, super().sizeHint().height())


class InspectorDock(QDockWidget):
    """A form for the selected entity (or the map itself), kept in step with the document."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Inspector", parent)
        self.setObjectName("inspector")
        self.session = session
        self.forms: dict[str, Form] = {kind: form_type() for kind, form_type in FORM_TYPES.items()}
        self.stack = QStackedWidget()
        for form in self.forms.values():
            self.stack.addWidget(form)
        scroll = _Scroll()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setWidget(self.stack)
        scroll.setMinimumWidth(280)
        self.setWidget(scroll)
        self._kind = ""
        self._key: Any = None
        # Held outside self so the dock's destruction can still unsubscribe.
        self._unsubscribe: list[Callable[[], None]] = []
        holder = self._unsubscribe
        self.destroyed.connect(lambda *_: unsubscribe_all(holder))
        self.set_session(session)

    # ------------------------------------------------------------------ public API
    def set_session(self, session: Session) -> None:
        """Show another open document (the map form until something is selected)."""
        unsubscribe_all(self._unsubscribe)
        self.session = session
        for form in self.forms.values():
            form.session = session
        self._unsubscribe.append(session.doc.subscribe(self._on_event))
        self._kind = ""  # nothing of the new document is on show yet
        self.show_item(None, None)

    def show_item(self, kind: str | None, key: Any) -> None:
        """Edit ``kind`` ("touchpoint", "link", "stage", "lane") ``key``; None: the map itself.

        An unknown kind or an entity that no longer exists shows the map. Showing again
        what is on show only refreshes it, so the field being typed in keeps its cursor.
        """
        if kind == "link" and isinstance(key, (list, tuple)):
            key = tuple(key)
        if kind not in self.forms or kind == "map" or not self._exists(kind, key):
            kind, key = "map", None
        form = self.forms[kind]
        if (kind, key) == (self._kind, self._key):
            form.reload()
            return
        self._kind, self._key = kind, key
        form.show_entity(key)
        self._show_page(form)

    @property
    def shown(self) -> tuple[str, Any]:
        """The (kind, key) on show; ("map", None) for the map itself."""
        return self._kind, self._key

    def current_form(self) -> Form:
        return self.forms[self._kind or "map"]

    # ------------------------------------------------------------------ internals
    def _exists(self, kind: str, key: Any) -> bool:
        doc = self.session.doc
        try:
            if kind == "touchpoint":
                doc.touchpoint(key)
            elif kind == "link":
                doc.link(*key)
            elif kind == "stage":
                doc.stage(key)
            else:
                doc.lane(key)
        except (ModelError, TypeError):
            return False
        return True

    def _show_page(self, form: Form) -> None:
        """Switch pages; hidden pages ignore their size so short forms do not scroll."""
        for page in self.forms.values():
            policy = QSizePolicy.Policy.Preferred if page is form else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(form)
        self.stack.updateGeometry()

    def _on_event(self, event: Event) -> None:
        if isinstance(event, Removed) and (event.kind, event.key) == (self._kind, self._key):
            self.show_item(None, None)
            return
        self.current_form().on_event(event)
