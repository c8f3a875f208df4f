"""Working days in China: the State Council's holidays and the weekend days worked in their place
(调休), from the chinese-calendar package; for a year it has no data for yet, Monday to Friday."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

log = logging.getLogger("harbin_app.workdays")


@lru_cache(maxsize=4096)
def is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year past the package's data
        return day.weekday() < 5


def workdays_back(today: date, count: int) -> date:
    """The day `count` whole working days before `today` (today not counted): an order that arrived
    before that day has waited more than `count` working days."""
    day = today
    seen = 0
    while seen < count:
        day -= timedelta(days=1)
        if is_workday(day):
            seen += 1
    return day


def workdays_between(start: date, end: date) -> int:
    """Working days strictly after `start` and strictly before `end`."""
    return sum(1 for n in range(1, (end - start).days) if is_workday(start + timedelta(days=n)))
