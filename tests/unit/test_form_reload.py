"""A long form reloaded while it is open (a reconnect runs the page's load again; a live refresh):
only the inputs whose stored value changed are renewed, so the field being typed in keeps its text
and the focus; a form in another state, or one whose view is gone, is drawn afresh."""

from __future__ import annotations

import asyncio
import copy

import pytest

from harbin_app.forms.values import changed_paths, differing
from harbin_app.state import drawn_views
from harbin_app.state.pool_entry import PoolEntryFormState
from harbin_app.services import pool_entry
from tests import aio

CONTENT = {
    "basic": {"company_name": "哈尔滨某某有限公司", "contact": "张伟"},
    "demands": [{"id": "d1", "category": "生产管控", "description": "排产靠表格", "analysis": "上 MES"}],
    "projects": [],
}


@pytest.fixture(autouse=True)
def _memory_views(tmp_path, monkeypatch):
    monkeypatch.setattr(drawn_views, "_folder", lambda: tmp_path / "views")
    drawn_views.forget_memory()
    yield
    drawn_views.forget_memory()


def _fetched(content, state="draft"):
    return {"order_id": 7, "state": state, "state_label": "草稿", "tone": "gray", "row_version": 3,
            "content": copy.deepcopy(content), "editable": True, "locked": {}}


def _open_form(monkeypatch, content):
    form = PoolEntryFormState(_reflex_internal_init=True)
    box = {"data": _fetched(content)}

    async def fetch(self):  # noqa: ANN001, ANN202
        return copy.deepcopy(box["data"])

    monkeypatch.setattr(PoolEntryFormState, "_fetch", fetch)
    monkeypatch.setattr(PoolEntryFormState, "_full_check", lambda self, content=None: {})
    aio.run(form._load(keep_typing=True))
    return form, box


def test_changed_paths_names_the_values_that_differ_by_row_id():
    after = copy.deepcopy(CONTENT)
    after["basic"]["contact"] = "李娜"
    after["demands"][0]["analysis"] = "上 MES 与 ERP"
    after["demands"].append({"id": "d2", "category": "其他", "description": "", "analysis": ""})
    changed = changed_paths(pool_entry.FORM, CONTENT, after)
    assert {"basic.contact", "demands.d1.analysis", "demands.d2.category", "demands"} <= set(changed)
    assert "basic.company_name" not in changed and "demands.d1.description" not in changed
    assert changed_paths(pool_entry.FORM, CONTENT, copy.deepcopy(CONTENT)) == ()


def test_differing_names_the_page_values_that_differ_from_the_view_with_what_was_typed():
    edits = {"basic.contact": "李娜"}  # typed since the draw, not kept yet
    page = {
        "__renewed": "3",  # not a field
        "basic.company_name": "哈尔滨某某有限公司",  # as drawn
        "basic.contact": "李娜",  # as typed: nothing new
        "basic.main_products": "锅炉",  # blank in the view: new
        "demands.d1.analysis": "上 MES 与 ERP",  # differs from the view
        "demands.d9.analysis": "已删除的行",  # a row the view does not hold
        "demands": ["d1"],  # not a text
    }
    assert differing(pool_entry.FORM, CONTENT, edits, page) == {
        "basic.main_products": "锅炉", "demands.d1.analysis": "上 MES 与 ERP",
    }
    assert differing(pool_entry.FORM, CONTENT, {}, {"basic.contact": "李娜"}) == {"basic.contact": "李娜"}


def test_a_reload_of_the_same_form_renews_no_input(monkeypatch):
    form, _ = _open_form(monkeypatch, CONTENT)
    gen, regen = form.gen, dict(form.regen)
    aio.run(form._load(keep_typing=True))  # the page's load again, after a reconnect
    assert (form.gen, form.regen) == (gen, regen)


def test_a_reload_renews_only_the_inputs_whose_stored_value_changed(monkeypatch):
    form, box = _open_form(monkeypatch, CONTENT)
    gen = form.gen
    changed = copy.deepcopy(CONTENT)
    changed["basic"]["contact"] = "李娜"  # kept by another tab of the same enterprise
    box["data"] = _fetched(changed)
    aio.run(form._load(keep_typing=True))  # what live_refresh does
    assert form.gen == gen
    assert form.regen == {"basic.contact": 1}
    assert form.get_value("view")["basic"]["contact"] == "李娜"


def test_a_field_typed_in_keeps_its_input_on_a_reload_and_the_view_holds_it(monkeypatch):
    form, _ = _open_form(monkeypatch, CONTENT)
    gen = form.gen
    form._note("basic.company_name", "正在输入的名称")  # heard (a pause in typing), not kept yet
    # the view holds it (not sent): a page loaded afresh draws it; a kept page already shows it
    assert form.get_value("view")["basic"]["company_name"] == "正在输入的名称"
    aio.run(form._load(keep_typing=True))  # a reconnect: the page's load again
    assert (form.gen, form.regen) == (gen, {})  # the field being typed in is not drawn again
    assert form.get_value("view")["basic"]["company_name"] == "正在输入的名称" and form.dirty


def test_a_field_typed_and_kept_is_not_drawn_again_on_a_reload(monkeypatch):
    # the fault test's case: typed and kept before the worker died, typed in again as the tab reconnects
    form, box = _open_form(monkeypatch, CONTENT)
    form._note("basic.contact", "王五")
    form._unsaved, form.dirty = [], False  # kept
    kept = copy.deepcopy(CONTENT)
    kept["basic"]["contact"] = "王五"
    box["data"] = _fetched(kept)
    aio.run(form._load(keep_typing=True))
    assert form.regen == {}  # the page shows 王五 (typed, or drawn from the view that holds it)
    assert form.get_value("view")["basic"]["contact"] == "王五"


def test_a_state_restored_from_its_store_folds_what_was_typed_into_the_view(monkeypatch):
    import pickle

    form, _ = _open_form(monkeypatch, CONTENT)
    drawn = copy.deepcopy(form.get_value("view"))
    form._note("basic.contact", "王五")
    state = form.__getstate__()
    drawn_views.forget_memory()  # another worker: the view as stored when it was drawn
    monkeypatch.setattr(drawn_views, "load", lambda key: copy.deepcopy(drawn))
    restored = PoolEntryFormState.__new__(PoolEntryFormState)
    restored.__setstate__(pickle.loads(pickle.dumps(state)))
    assert restored.get_value("view")["basic"]["contact"] == "王五"
    assert restored.get_value("view")["basic"]["company_name"] == "哈尔滨某某有限公司"


def test_a_form_in_another_state_is_drawn_afresh(monkeypatch):
    form, box = _open_form(monkeypatch, CONTENT)
    gen = form.gen
    box["data"] = _fetched(CONTENT, state="submitted")
    aio.run(form._load(keep_typing=True))  # what live_refresh does
    assert form.gen == gen + 1 and form.regen == {}


def test_a_form_whose_view_is_gone_is_drawn_afresh(monkeypatch):
    form, _ = _open_form(monkeypatch, CONTENT)
    gen = form.gen
    form.view = {}  # the store lost it: nothing is known of what the inputs hold
    aio.run(form._load(keep_typing=True))
    assert form.gen == gen + 1


def test_choosing_the_same_province_again_keeps_the_city_and_district(monkeypatch):
    from harbin_app.state.certification import CertificationState

    form = CertificationState(_reflex_internal_init=True)
    form.editable = True
    form._draw({"province": "黑龙江省", "city": "哈尔滨市", "district": "南岗区"}, remount=True)
    regen = dict(form.regen)
    aio.run(form._cascade({"province": "黑龙江省", "city": "", "district": ""}))
    aio.run(form._cascade({"city": "哈尔滨市", "district": ""}))
    assert form._reading()["district"] == "南岗区" and form.regen == regen


def _kept_by_save(form, form_data, monkeypatch):
    kept = {}

    async def keep(self, changes):  # noqa: ANN001, ANN202
        kept.update(changes)

    monkeypatch.setattr(PoolEntryFormState, "_keep", keep)
    monkeypatch.setattr(PoolEntryFormState, "_revive", lambda self: asyncio.sleep(0))
    aio.run(PoolEntryFormState.keep_page.fn(form, form_data))
    return kept


def test_save_keeps_a_value_only_the_page_held(monkeypatch):
    form, _ = _open_form(monkeypatch, CONTENT)
    form.editable = True
    data = {"__renewed": str(form.renewed), "basic.main_products": "锅炉", "demands.d1.analysis": "上 MES",
            "basic.company_name": "改不了的名称", "nonsense.path": "x"}
    kept = _kept_by_save(form, data, monkeypatch)
    # the one that differs is kept; an unchanged value, a field the form does not edit and an unknown path are not
    assert kept == {"basic.main_products": "锅炉"}


def test_values_read_before_the_last_renewal_reached_the_page_are_not_taken(monkeypatch):
    form, _ = _open_form(monkeypatch, CONTENT)
    form.editable = True
    seen = form.renewed
    form._draw(form._content(), remount_paths=("demands.d1.analysis",))  # e.g. a value the page set
    data = {"__renewed": str(seen), "demands.d1.analysis": "旧值"}
    assert _kept_by_save(form, data, monkeypatch) == {}
