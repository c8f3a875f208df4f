"""The policy as a matrix generated from the types' tables: every registered type × every state ×
every kind of actor (own enterprise, another enterprise, reviewer, finance, admin, anonymous) ×
every service entry point that reads or writes an order, its files or the enterprise's kept
self-assessments → allowed or refused, exactly as the table says. A new type adds its rows."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest
from sqlmodel import update

from harbin_app import clock, db
from harbin_app.models import WorkOrder
from harbin_app.services import assessments, files
from harbin_app.services import certification as cert
from harbin_app.services import workorders as wo
from harbin_app.services.actor import ADMIN, ENTERPRISE, FINANCE, REVIEWER, Actor
from harbin_app.services.engine import drafts, registry
from harbin_app.services.engine.types import EVERY_STATE
from harbin_app.services.errors import Conflict, NotFound, PermissionDenied, ServiceError
from tests.unit.factories import VALID_CERTIFICATION, make_user
from tests.unit.test_pool_entry import pdf_bytes

ACTORS = ("own", "other", "reviewer", "finance", "admin", "anonymous")
REFUSED = (PermissionDenied, NotFound)
def a_field(kind: str) -> str:
    """A field of the type's form its owner may type (the matrix asks only whether a save gets through)."""
    return next(
        s.field_path(f) for s in registry.get(kind).form.sections for f in s.fields if f.kind in ("text", "area") and not f.readonly
    )


def cases() -> list[tuple[str, str, str]]:
    return [(ot.kind, s.key, who) for ot in registry.all_types() for s in ot.workflow.states for who in ACTORS]


def new_order(owner: Actor, kind: str) -> int:
    """An order of any registered type, blank, through the engine (the type's own entry rules, such as
    "pooled first", are its actions' and tested with it)."""
    with db.transaction() as s:
        return wo.create(s, owner, kind, owner.enterprise_id or 0, registry.get(kind).form.blank()).id or 0


SAMPLES = {"date": lambda: (clock.today_china() + timedelta(days=10)).isoformat(), "time": lambda: "09:30",
           "amount": lambda: "0", "phone": lambda: "0451-86001234"}


def sample_inputs(tr) -> dict[str, str]:  # noqa: ANN001
    """A valid value for every field of a transition's structured input."""
    return {f.key: f.options[0] if f.options else SAMPLES.get(f.kind, lambda: "测试")() for f in tr.inputs}


@dataclass
class World:
    actors: dict[str, Actor]
    order_id: int
    row_version: int
    file_id: int
    enterprise_id: int


def _role(actor: Actor) -> str:
    return actor.role


def _owner(world: World, who: str) -> bool:
    return who == "own"


def reads(world: World, kind: str, state: str, who: str) -> bool:
    actor = world.actors[who]
    if actor.role == ENTERPRISE and not _owner(world, who):
        return False
    return registry.get(kind).workflow.reads(actor.role, state)


def reads_assessments(world: World, kind: str, state: str, who: str) -> bool:
    actor = world.actors[who]
    if _owner(world, who):
        return True
    if actor.role in ("", ENTERPRISE):
        return False
    showing = [ot for ot in registry.all_types() if ot.shows_assessments]
    if any(ot.workflow.readers.get(actor.role) == EVERY_STATE for ot in showing):
        return True
    return registry.get(kind).shows_assessments and reads(world, kind, state, who)


@pytest.fixture
def world(database, tmp_path, monkeypatch, request) -> World:
    from harbin_app.settings import settings

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    kind, state, _ = request.param
    own = make_user("own", ENTERPRISE, "13800000001")
    actors = {
        "own": own,
        "other": make_user("other", ENTERPRISE, "13800000002"),
        "reviewer": make_user("reviewer", REVIEWER),
        "finance": make_user("finance", FINANCE),
        "admin": make_user("admin", ADMIN),
        "anonymous": Actor(user_id=0, username="", role=""),
    }
    c = cert.submit(own, VALID_CERTIFICATION, 0)
    wo.transition(actors["reviewer"], c.order_id, "approve", seen_row_version=c.row_version)
    order_id = c.order_id if kind == "certification" else new_order(own, kind)
    ref = files.store_upload(own, io.BytesIO(pdf_bytes(1)), "材料.pdf", field="f")
    with db.transaction() as s:
        drafts.attach(s, order_id, [ref])
        s.exec(update(WorkOrder).where(WorkOrder.id == order_id).values(state=state, updated_at=clock.now()))
    with db.reading() as s:
        version = s.get(WorkOrder, order_id).row_version
    return World(actors, order_id, version, ref["file_id"], own.enterprise_id or 0)


def allowed(call, refused: tuple = REFUSED) -> bool:  # noqa: ANN001
    """Whether the call got past the rights check (a refusal for another reason still passed it)."""
    try:
        call()
    except refused:
        return False
    except ServiceError:
        return True
    return True


@pytest.mark.parametrize("world", cases(), indirect=True, ids=lambda c: "-".join(c))
def test_every_entry_point_answers_as_the_table_says(world: World, request):
    kind, state, who = request.node.callspec.params["world"]
    actor = world.actors[who]
    wf = registry.get(kind).workflow
    can_read = reads(world, kind, state, who)
    expected = {
        "detail": can_read,
        "file": _owner(world, who) or can_read,
        "assessments": reads_assessments(world, kind, state, who),
        # a review queue: staff acting on orders in flight (not only on finished ones, as finance's 拨付)
        "queue": actor.role not in ("", ENTERPRISE) and any(
            actor.role in tr.roles and tr.sources - wf.finished_states() for tr in wf.transitions),
        "save": _owner(world, who) and state in wf.editable,
    }
    actual = {
        "detail": allowed(lambda: wo.detail(actor, world.order_id)),
        "file": allowed(lambda: files.download_link(actor, world.file_id)),
        "assessments": allowed(lambda: assessments.kept_summaries(actor, world.enterprise_id)),
        "queue": allowed(lambda: wo.queue(actor, kind, wo.QueueFilter())),
        # a draft is written only by its owner in an editable state (else: not yours, or 内容不能修改)
        "save": allowed(lambda: wo.save_changes(actor, world.order_id, kind, {a_field(kind): "某值"}),
                        (*REFUSED, Conflict)),
    }
    # every action of the table: refused unless the table lets this role take it from this state
    for tr in wf.transitions:
        may = can_read and wf.find(tr.action, state, actor.role) is not None
        expected[f"transition:{tr.action}"] = may
        if may:  # taken for real by the next test, on an order of its own
            actual[f"transition:{tr.action}"] = True
            continue
        actual[f"transition:{tr.action}"] = allowed(
            lambda a=tr.action: wo.transition(actor, world.order_id, a, seen_row_version=world.row_version, opinion="意见")
        )
    assert actual == expected


def allowed_moves() -> list[tuple[str, str, str, str]]:
    out = []
    for ot in registry.all_types():
        for tr in ot.workflow.transitions:
            for source in sorted(tr.sources):
                for role in sorted(tr.roles):
                    who = "own" if role == ENTERPRISE else role
                    if who in ACTORS:
                        out.append((ot.kind, source, who, tr.action))
    return out


@pytest.mark.parametrize(("kind", "source", "who", "action"), allowed_moves())
def test_every_move_the_table_allows_gets_through(kind, source, who, action, database, tmp_path, monkeypatch):
    """Taken for real on an order of its own: the rights let it through (the content's own checks,
    on a blank order, may still refuse it: that is not a refusal of the actor)."""
    from harbin_app.settings import settings

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    own = make_user("own", ENTERPRISE, "13800000001")
    reviewer = make_user("reviewer", REVIEWER)
    actors = {"own": own, "reviewer": reviewer, "finance": make_user("finance", FINANCE), "admin": make_user("admin", ADMIN)}
    c = cert.submit(own, VALID_CERTIFICATION, 0)
    wo.transition(reviewer, c.order_id, "approve", seen_row_version=c.row_version)
    order_id = c.order_id if kind == "certification" else new_order(own, kind)
    with db.transaction() as s:
        s.exec(update(WorkOrder).where(WorkOrder.id == order_id).values(state=source))
    with db.reading() as s:
        version = s.get(WorkOrder, order_id).row_version
    wf = registry.get(kind).workflow
    tr = wf.find(action, source, actors[who].role)
    stamped = files.store_upload(own, io.BytesIO(pdf_bytes(2)), "盖章.pdf", field="s")
    try:
        result = wo.transition(actors[who], order_id, action, seen_row_version=version, opinion="意见",
                               inputs=sample_inputs(tr), extra={"file_id": stamped["file_id"]})
    except REFUSED as exc:
        raise AssertionError(f"the table lets {who} take {action} from {source}, the engine refused: {exc}") from exc
    except ServiceError:
        return  # refused by the blank content's own checks (a snapshot's rules, a side effect), not the rights
    assert result.to_state == tr.target


def test_a_new_type_adds_its_rows(monkeypatch):
    before = len(cases())
    monkeypatch.setitem(registry._TYPES, "copy_of_certification", replace(
        cert.TYPE, workflow=replace(cert.WORKFLOW, kind="copy_of_certification")))
    assert len(cases()) == before + len(cert.WORKFLOW.states) * len(ACTORS)
