"""Due dates by colour, counted in working days with the official Chinese holiday calendar.

(Minimal first version; the case-delivery work refines the rules. Contract: `due_at(color, start)`.)
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

from dialogs.api import DueDate

# colour -> working days (fractional: 0.5 = half a working day)
WORKING_DAYS = {"blue": 0.5, "yellow": 15, "orange": 15, "red": 15}


def _is_workday(day: dt.date) -> bool:
    return bool(chinese_calendar.is_workday(day))


def due_at(color: str, start: dt.datetime) -> DueDate:
    days = WORKING_DAYS.get(color, 15)
    try:
        if days < 1:
            day = start.date()
            if not _is_workday(day) or start.hour >= 12:
                day += dt.timedelta(days=1)
                while not _is_workday(day):
                    day += dt.timedelta(days=1)
                at = dt.datetime.combine(day, dt.time(12, 0), start.tzinfo)
            else:
                at = dt.datetime.combine(day, dt.time(17, 30), start.tzinfo)
        else:
            day, left = start.date(), int(days)
            while left:
                day += dt.timedelta(days=1)
                if _is_workday(day):
                    left -= 1
            at = dt.datetime.combine(day, dt.time(17, 30), start.tzinfo)
    except NotImplementedError:  # the calendar does not cover that year yet
        return DueDate(at=None, flagged=True, label="")
    return DueDate(at=at, flagged=False, label=at.strftime("%Y年%m月%d日 %H:%M前"))
