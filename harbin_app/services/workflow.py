"""Declarative work-order workflows: states, and who may move an order from which state to which.

Each work-order type declares ONE table of transitions. Everything else asks the table: the buttons
a user sees, the queue an order is in, what counts as 待处理 for whom, whether an edit is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Badge tones (design.md): 草稿 grey, 待审核 blue, 驳回 red, 通过 green, 已逾期 orange.
GREY, BLUE, RED, GREEN, ORANGE = "gray", "blue", "red", "green", "orange"


@dataclass(frozen=True)
class StateDef:
    key: str
    label: str
    tone: str


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # the button's text and the log's action
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    opinion_required: bool = False
    snapshot: bool = False  # validates the draft and freezes it as the submitted version
    tone: str = "primary"  # primary | danger | neutral
    optional: bool = False  # offered, but the order does not wait for it (not 待处理)


def t(action: str, label: str, sources: set[str], target: str, roles: set[str], **kw: object) -> Transition:
    return Transition(action, label, frozenset(sources), target, frozenset(roles), **kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Workflow:
    kind: str
    label: str
    states: tuple[StateDef, ...]
    initial: str
    transitions: tuple[Transition, ...]
    editable: frozenset[str] = field(default_factory=frozenset)  # states in which the owner edits the draft

    def __post_init__(self) -> None:
        keys = {s.key for s in self.states}
        assert self.initial in keys, self.initial
        for tr in self.transitions:
            assert tr.sources <= keys and tr.target in keys, tr
        assert self.editable <= keys

    def state(self, key: str) -> StateDef:
        for s in self.states:
            if s.key == key:
                return s
        raise KeyError(key)

    def label_of(self, key: str) -> str:
        return self.state(key).label

    def find(self, action: str, state: str, role: str) -> Transition | None:
        for tr in self.transitions:
            if tr.action == action and state in tr.sources and role in tr.roles:
                return tr
        return None

    def actions_for(self, state: str, role: str) -> list[Transition]:
        return [tr for tr in self.transitions if state in tr.sources and role in tr.roles]

    def waiting_states(self, role: str) -> frozenset[str]:
        """States in which an order waits for `role` (it has some action there)."""
        return frozenset(
            s for tr in self.transitions if role in tr.roles and not tr.optional for s in tr.sources
        )

    def action_label(self, action: str) -> str:
        return next(tr.label for tr in self.transitions if tr.action == action)
