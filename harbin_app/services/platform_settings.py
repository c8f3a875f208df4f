"""设置: the platform's settings, kept in the database (the environment gives only defaults).

`current()` is cheap enough for every request: it keeps the values for TTL_SECONDS per process and
re-reads them after that, so a change made on one worker takes effect on every worker within
seconds, without a restart (the worker that saved sees it at once). `update()` is for admins only:
it validates every field, writes the new values and one append-only change row per changed key
(who, when, old → new) in one transaction. `changes()` pages the change list.
"""

from __future__ import annotations

import logging
import math
import string
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select, update as sql_update

from harbin_app import clock, db
from harbin_app.models import PlatformSetting, PlatformSettingsVersion, SettingChange
from harbin_app.services import setting_fields as F
from harbin_app.services.admin_rights import admin_row, require_admin
from harbin_app.services.actor import Actor
from harbin_app.services.errors import Conflict, ValidationError

log = logging.getLogger("harbin_app.settings")
TTL_SECONDS = 3.0
CHANGES_PAGE_SIZE = 20
STALE_FORM = "设置刚被其他管理员修改过，请刷新页面，在最新内容上重新修改"


@dataclass(frozen=True)
class PlatformSettings:
    """Every setting, typed. Amounts in 万元 as Decimal; ratio in percent (30 = 30%)."""

    pilot_start: date
    pilot_end: date
    industries: tuple[str, ...]  # the pilot industries, without 其他
    demand_categories: tuple[str, ...]  # without 其他
    subsidy_ratio: Decimal
    subsidy_cap_level2: Decimal
    subsidy_cap_level3: Decimal
    subsidy_cap_level4: Decimal
    subsidy_cap_enterprise: Decimal
    deadline_reminder_days: tuple[int, ...]  # days before a deadline, largest first: (3, 1)
    reviewer_reminder_workdays: int
    sms_code: str
    sms_rejected: str
    sms_site_visit: str
    sms_conclusion: str
    sms_payment: str
    sms_deadline: str = ""  # 期限提醒 (always given by _typed; the default keeps older callers working)
    publication_contact: str = F.PUBLICATION_CONTACT  # whom to tell of an objection to a 公示
    version: int = 0  # how many saves the settings have had

    @property
    def industry_options(self) -> tuple[str, ...]:
        """What 所属行业 offers: the pilot industries, then 其他 (domain.INDUSTRIES today)."""
        return (*self.industries, F.OTHER)

    @property
    def demand_category_options(self) -> tuple[str, ...]:
        return (*self.demand_categories, F.OTHER)

    def subsidy_cap(self, level: int) -> Decimal | None:
        """The cap for the level reached after transformation (2–4); None below 二级 (no subsidy)."""
        return {2: self.subsidy_cap_level2, 3: self.subsidy_cap_level3, 4: self.subsidy_cap_level4}.get(level)

    def subsidy_for(self, eligible_investment: Decimal, level: int, already_granted: Decimal = Decimal(0)) -> Decimal:
        """The subsidy in 万元: ratio × eligible investment, at most the level's cap and what is left
        of the enterprise's cap; rounded down to 0.01 万元. 0 below 二级."""
        cap = self.subsidy_cap(level)
        if cap is None or eligible_investment <= 0:
            return Decimal("0.00")
        amount = eligible_investment * self.subsidy_ratio / Decimal(100)
        left = max(self.subsidy_cap_enterprise - already_granted, Decimal(0))
        return min(amount, cap, left).quantize(Decimal("0.01"), rounding=ROUND_DOWN)

    def sms_text(self, template_key: str, **values: Any) -> str:
        """A message from one of the SMS templates (key: sms_code, sms_rejected, …); a placeholder
        without a value becomes empty."""
        template = getattr(self, template_key)
        filled: defaultdict[str, str] = defaultdict(str, {k: str(v) for k, v in values.items()})
        return string.Formatter().vformat(template, (), filled)


def _typed(stored: Mapping[str, Any], version: int) -> PlatformSettings:
    s = stored
    return PlatformSettings(
        pilot_start=date.fromisoformat(s["pilot_start"]),
        pilot_end=date.fromisoformat(s["pilot_end"]),
        industries=tuple(s["industries"]),
        demand_categories=tuple(s["demand_categories"]),
        subsidy_ratio=Decimal(s["subsidy_ratio"]),
        subsidy_cap_level2=Decimal(s["subsidy_cap_level2"]),
        subsidy_cap_level3=Decimal(s["subsidy_cap_level3"]),
        subsidy_cap_level4=Decimal(s["subsidy_cap_level4"]),
        subsidy_cap_enterprise=Decimal(s["subsidy_cap_enterprise"]),
        deadline_reminder_days=tuple(s["deadline_reminder_days"]),
        reviewer_reminder_workdays=int(s["reviewer_reminder_workdays"]),
        sms_code=s["sms_code"],
        sms_rejected=s["sms_rejected"],
        sms_site_visit=s["sms_site_visit"],
        sms_conclusion=s["sms_conclusion"],
        sms_payment=s["sms_payment"],
        sms_deadline=s["sms_deadline"],
        publication_contact=s["publication_contact"],
        version=version,
    )


def _stored(session: Session) -> tuple[dict[str, Any], int]:
    """Every key's stored value (its default when no row, or when a row no longer parses)."""
    values = {spec.key: spec.default() for spec in F.FIELDS}
    for row in session.exec(select(PlatformSetting)):
        spec = F.BY_KEY.get(row.key)
        if spec is None:
            continue
        try:
            values[row.key] = F.parse(spec, row.value)
        except F.FieldProblem:  # edited by hand into something invalid: keep the default, say so
            log.warning("setting %s holds an invalid value %r; using its default", row.key, row.value)
    version = session.exec(select(PlatformSettingsVersion.version).where(PlatformSettingsVersion.id == 1)).first()
    return values, version or 0


def load() -> PlatformSettings:
    """Read the settings from the database now (no cache)."""
    with db.reading() as session:
        values, version = _stored(session)
    return _typed(values, version)


class SettingsCache:
    """The values of one process, re-read after `ttl` seconds of `clock` (tests pass their own)."""

    def __init__(self, ttl: float = TTL_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.clock = ttl, clock
        self._value: PlatformSettings | None = None
        self._engine: object = None
        self._at = 0.0
        self._generation = 0
        self._lock = threading.Lock()

    def get(self) -> PlatformSettings:
        engine = db.engine()  # another database (tests, tools) means other settings
        value = self._value
        if value is not None and self._engine is engine and self.clock() - self._at < self.ttl:
            return value
        generation = self._generation
        fresh = load()
        with self._lock:
            if generation == self._generation:  # not invalidated while we were reading
                self._value, self._engine, self._at = fresh, engine, self.clock()
        return fresh

    def invalidate(self) -> None:
        with self._lock:
            self._generation += 1
            self._value = None


_cache = SettingsCache()


def current() -> PlatformSettings:
    """The settings in force (at most TTL_SECONDS old on another worker)."""
    return _cache.get()


# ---------------------------------------------------------------- the admin's form


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    section: str
    kind: str
    hint: str
    value: str  # the text the input shows


@dataclass(frozen=True)
class SettingsForm:
    fields: tuple[FormField, ...]
    version: int


def form(actor: Actor) -> SettingsForm:
    """The settings as the admin's form shows them."""
    require_admin(actor)
    with db.reading() as session:
        values, version = _stored(session)
    return SettingsForm(
        fields=tuple(
            FormField(s.key, s.label, s.section, s.kind, s.hint, F.form_text(s, values[s.key])) for s in F.FIELDS
        ),
        version=version,
    )


def _cross_problems(values: Mapping[str, Any], touched: set[str]) -> dict[str, str]:
    """Rules between fields, reported at a field the admin changed."""
    problems: dict[str, str] = {}
    if date.fromisoformat(values["pilot_end"]) <= date.fromisoformat(values["pilot_start"]):
        problems["pilot_end" if "pilot_end" in touched or "pilot_start" not in touched else "pilot_start"] = (
            "试点期结束日期须晚于开始日期"
        )
    caps = [("subsidy_cap_level2", "二级"), ("subsidy_cap_level3", "三级"), ("subsidy_cap_level4", "四级")]
    for (low, low_name), (high, high_name) in zip(caps, caps[1:]):
        if Decimal(values[low]) > Decimal(values[high]):
            at = high if high in touched or low not in touched else low
            problems.setdefault(at, f"{high_name}的补贴上限不能低于{low_name}的上限")
    return problems


@dataclass(frozen=True)
class Saved:
    changed: tuple[str, ...]  # the keys whose value changed (empty: nothing to save)
    version: int


def _bump_version(session: Session, seen_version: int | None) -> int:
    """Take the next version (row-locked on PostgreSQL); Conflict when the form was stale."""
    if session.get(PlatformSettingsVersion, 1) is None:  # the first save ever (or an emptied table)
        dialect = session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        session.exec(insert(PlatformSettingsVersion).values(id=1, version=0).on_conflict_do_nothing())
    condition = [PlatformSettingsVersion.id == 1]
    if seen_version is not None:
        condition.append(PlatformSettingsVersion.version == seen_version)
    result = session.exec(
        sql_update(PlatformSettingsVersion).where(*condition).values(version=PlatformSettingsVersion.version + 1)
    )
    if result.rowcount != 1:
        raise Conflict(STALE_FORM)
    return session.exec(select(PlatformSettingsVersion.version).where(PlatformSettingsVersion.id == 1)).one()


def update(actor: Actor, changes: Mapping[str, Any], seen_version: int | None = None) -> Saved:
    """Save what the admin typed (key → text or typed value). Every field is checked and every
    problem reported at once, in `ValidationError.fields`; nothing is written then. With
    `seen_version` (the form's), a save over another admin's newer one is refused (Conflict)."""
    require_admin(actor)
    unknown = [k for k in changes if k not in F.BY_KEY]
    if unknown:
        raise ValidationError(fields={k: "没有这个设置项" for k in unknown})
    with db.transaction() as session:
        admin = admin_row(session, actor)
        version = _bump_version(session, seen_version)
        old, _ = _stored(session)
        problems: dict[str, str] = {}
        new = dict(old)
        for key, raw in changes.items():
            try:
                new[key] = F.parse(F.BY_KEY[key], raw)
            except F.FieldProblem as exc:
                problems[key] = str(exc)
        if not problems:
            problems = _cross_problems(new, set(changes))
        if problems:
            raise ValidationError(fields=problems)
        changed = tuple(s.key for s in F.FIELDS if s.key in changes and new[s.key] != old[s.key])
        if not changed:  # nothing to save: undo the bump, the version stays as it was
            session.rollback()
            return Saved(changed=(), version=version - 1)
        now = clock.now()
        for key in changed:
            spec = F.BY_KEY[key]
            row = session.get(PlatformSetting, key)
            if row is None:
                row = PlatformSetting(key=key, value=new[key], updated_at=now, updated_by=admin.id or 0)
            else:
                row.value, row.updated_at, row.updated_by = new[key], now, admin.id or 0
            session.add(row)
            session.add(
                SettingChange(
                    at=now, actor_id=admin.id or 0, actor_name=actor.name, key=key, label=spec.label,
                    old_value=old[key], new_value=new[key],
                    old_text=F.display_text(spec, old[key])[:2000], new_text=F.display_text(spec, new[key])[:2000],
                )
            )
    _cache.invalidate()
    return Saved(changed=changed, version=version)


# ---------------------------------------------------------------- the change list


@dataclass(frozen=True)
class ChangeRow:
    at: str
    actor_name: str
    label: str
    old_text: str
    new_text: str

    def as_dict(self) -> dict[str, str]:
        return {
            "at": self.at, "actor_name": self.actor_name, "label": self.label,
            "old_text": self.old_text, "new_text": self.new_text,
        }


@dataclass(frozen=True)
class ChangePage:
    rows: tuple[ChangeRow, ...]
    total: int
    page: int
    pages: int


def changes(actor: Actor, page: int = 1, page_size: int = CHANGES_PAGE_SIZE) -> ChangePage:
    """The change list, newest first."""
    require_admin(actor)
    with db.reading() as session:
        total = session.exec(select(func.count()).select_from(SettingChange)).one()
        pages = max(1, math.ceil(total / page_size))
        page = max(1, min(page, pages))
        rows = session.exec(
            select(SettingChange)
            .order_by(col(SettingChange.at).desc(), col(SettingChange.id).desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        ).all()
    return ChangePage(
        rows=tuple(ChangeRow(clock.fmt_datetime(r.at), r.actor_name, r.label, r.old_text, r.new_text) for r in rows),
        total=total,
        page=page,
        pages=pages,
    )
