"""What a work-order type declares: its workflow table and how the engine shows and checks it.

A type module imports only this module. Each type declares ONE table: its states, who reads an
order in which state, in which states the owner enterprise edits, and every transition (from which
states, to which, by which roles, with an opinion, a snapshot, structured input, a deadline).
Everything else asks the table: the buttons a user sees, the queues, 待处理/已处理, rights.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from harbin_app.forms import Field, FormSchema
from harbin_app.services.actor import ENTERPRISE

if TYPE_CHECKING:
    from sqlmodel import Session

    from harbin_app.models import WorkOrder
    from harbin_app.services.actor import Actor

# Badge tones (design.md): 草稿 grey, 待审核 blue, 驳回 red, 通过 green, 已逾期 orange.
GREY, BLUE, RED, GREEN, ORANGE, CYAN = "gray", "blue", "red", "green", "orange", "cyan"
EVERY_STATE = frozenset({"*"})  # in `readers`: the role reads the order whatever its state


@dataclass(frozen=True)
class StateDef:
    key: str
    label: str
    tone: str
    finished: bool = False  # the flow is done (已认证, 已入库, 验收完成): 已处理 for the enterprise


@dataclass(frozen=True)
class Deadline:
    """A transition that sets a due date: a number of days from today, or a date the actor enters
    (the key of one of the transition's inputs). Leaving the state clears it."""

    days: int = 0
    input_key: str = ""
    label: str = "办理期限"


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
    inputs: tuple[Field, ...] = ()  # structured input (a booking, amounts), validated like a form
    deadline: Deadline | None = None
    batch: bool = False  # may be taken over many orders at once (all or none)
    title: str = ""  # how 待办详情 titles the latest input of this transition (现场验收预约)


def t(action: str, label: str, sources: set[str], target: str, roles: set[str], **kw: Any) -> Transition:
    return Transition(action, label, frozenset(sources), target, frozenset(roles), **kw)


@dataclass(frozen=True)
class Workflow:
    kind: str
    label: str
    states: tuple[StateDef, ...]
    initial: str
    transitions: tuple[Transition, ...]
    editable: frozenset[str] = field(default_factory=frozenset)  # states in which the owner edits
    # role → states in which it reads an order (ENTERPRISE: the owner enterprise only)
    readers: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = {s.key for s in self.states}
        assert self.initial in keys, self.initial
        for tr in self.transitions:
            assert tr.sources <= keys and tr.target in keys, tr
            if tr.deadline and tr.deadline.input_key:
                assert any(f.key == tr.deadline.input_key for f in tr.inputs), tr
        assert self.editable <= keys
        for states in self.readers.values():
            assert states == EVERY_STATE or states <= keys, states

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

    def transition(self, action: str) -> Transition | None:
        return next((tr for tr in self.transitions if tr.action == action), None)

    def actions_for(self, state: str, role: str) -> list[Transition]:
        return [tr for tr in self.transitions if state in tr.sources and role in tr.roles]

    def waiting_states(self, role: str) -> frozenset[str]:
        """States in which an order waits for `role` (it has some action there)."""
        return frozenset(s for tr in self.transitions if role in tr.roles and not tr.optional for s in tr.sources)

    def finished_states(self) -> frozenset[str]:
        return frozenset(s.key for s in self.states if s.finished)

    def action_label(self, action: str) -> str:
        return next(tr.label for tr in self.transitions if tr.action == action)

    def reads(self, role: str, state: str) -> bool:
        states = self.readers.get(role)
        return states is not None and (states == EVERY_STATE or state in states)

    def roles(self) -> frozenset[str]:
        """Every role the table names (who acts, who reads)."""
        return frozenset(r for tr in self.transitions for r in tr.roles) | frozenset(self.readers)

    def staff_roles(self) -> frozenset[str]:
        return self.roles() - {ENTERPRISE}


# ------------------------------------------------------------------ how the engine shows a type


@dataclass(frozen=True)
class DisplayTable:
    title: str
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class DisplaySection:
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    tables: list[DisplayTable] = field(default_factory=list)
    files: list[tuple[str, dict[str, Any] | None]] = field(default_factory=list)  # label, file ref or None


@dataclass(frozen=True)
class UploadSlot:
    """A file the actor hands in through a transition (e.g. 盖章材料上传 → upload_stamped)."""

    key: str
    label: str
    action: str
    hint: str = ""
    missing: str = "请先上传文件（PDF）"  # the message when no file of the enterprise's own is given


@dataclass(frozen=True)
class HandInCheck:
    """What to tell the user about a file before it is handed in (page count, seal …), whether
    handing it in anyway needs a reason, and what the log keeps of the check."""

    warnings: tuple[str, ...] = ()
    needs_reason: bool = False
    note: str = ""  # what the reviewer reads in 工单日志 (e.g. 第 3 页检测到红色公章)
    record: dict[str, Any] = field(default_factory=dict)


Content = dict[str, Any]


@dataclass(frozen=True)
class OrderType:
    """What the engine needs to know of one kind of work order."""

    workflow: Workflow
    form: FormSchema  # the long form the owner fills (drafts are stored value by value)
    # path → message for a submission (paths by row position or row id; may query the session)
    validate: Callable[[Session, WorkOrder, Content], dict[str, str]]
    # (subject name, credit code, industry) shown in queues, from the submitted content
    summary: Callable[[Content], tuple[str, str, str]]
    # the content, read-only, for 待办详情
    display: Callable[[Content], list[DisplaySection]]
    # values the owner does not type (e.g. 基本情况 from certification), refreshed before a snapshot
    prepare: Callable[[Session, WorkOrder, Content], Content] | None = None
    # side effects of a transition, inside its transaction
    on_transition: Callable[[Session, WorkOrder, Transition, Actor, dict[str, Any]], None] | None = None
    # where the owner edits the content (the detail page links there while it is editable)
    edit_route: str = ""
    # yes/no marks a reviewer may set with a decision: key → (label, default from the content)
    flags: tuple[tuple[str, str, Callable[[Content], bool]], ...] = ()
    # documents the actor may download now: (key, label), and how to build one (file name, bytes)
    documents: Callable[[WorkOrder, Actor], list[tuple[str, str]]] | None = None
    build_document: Callable[[Session, WorkOrder, str], tuple[str, bytes]] | None = None
    print_ready: frozenset[str] = frozenset()  # documents (.docx) also offered as a print-ready PDF
    # files the actor may hand in now, and the check of a file before it is handed in (it may be
    # slow: it is called outside any database session, from a worker thread)
    uploads: Callable[[WorkOrder, Actor], list[UploadSlot]] | None = None
    hand_in_check: Callable[[WorkOrder, str, dict[str, Any]], HandInCheck] | None = None
    slots: dict[str, str] = field(default_factory=dict)  # labels of the slots of handed-in files
    shows_assessments: bool = False  # 待办详情 shows the enterprise's kept self-assessments
    # structured input of a transition: suggested values, and checks across its fields
    input_defaults: Callable[[Session, WorkOrder, Transition], dict[str, str]] | None = None
    validate_input: Callable[[Session, WorkOrder, Transition, dict[str, str]], dict[str, str]] | None = None

    @property
    def kind(self) -> str:
        return self.workflow.kind
