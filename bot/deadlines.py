"""Due dates by colour, counted in working time with the official Chinese holiday calendar.

The rules (and why each colour has its number) live in config/deadlines.toml. Working days come
from `chinese_calendar`, which knows weekends, public holidays and make-up workdays (调休上班) but
only for the years the State Council has announced. A computation that touches a date outside
them (and outside any year the county entered in config/deadlines.toml) is counted again on the
provisional calendar ([provisional]: weekends, fixed and lunar holidays, bot/provisional_calendar)
and returns `DueDate(at=..., flagged=True, provisional=True, label="...（暂定）")`: staff see it
flagged, the citizen is told it is provisional. Without a [provisional] table the date is None.

Contract used by the dialog: `Deadlines.due_at(color, start) -> DueDate`. One `Deadlines` is
built by `create_app` from `settings.config_dir` (app[appkeys.DEADLINES]); a broken
deadlines.toml stops the start with a message naming the key, never a silent "staff will confirm
the date" at every submission.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import chinese_calendar

from bot.provisional_calendar import ProvisionalCalendar, ProvisionalConfigError
from dialogs.api import DueDate
from nlp.configfile import read_toml

DEFAULT_LABEL = "{y}年{m}月{d}日 {H:02d}:{M:02d}前"


class DeadlineConfigError(ValueError):
    """config/deadlines.toml is not usable; the message names the offending key."""


class CalendarNotCovered(Exception):
    """The holiday calendar has no data for this date yet."""


@dataclass(frozen=True, slots=True)
class Rule:
    working_days: float  # < 1: share of a working day's office hours; >= 1: whole days
    basis: str = ""


def _time(value: Any, where: str) -> dt.time:
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError as exc:
        raise DeadlineConfigError(f"{where}: expected HH:MM, got {value!r}") from exc


class Deadlines:
    def __init__(self, *, rules: dict[str, Rule], fallback: str,
                 periods: tuple[tuple[dt.time, dt.time], ...], timezone: str,
                 label_format: str, uncovered_label: str,
                 extra_years: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]]
                 | None = None, provisional: ProvisionalCalendar | None = None):
        if fallback not in rules:
            raise DeadlineConfigError(f"fallback_color: {fallback!r} has no [colors.{fallback}]")
        self._nth_workday: dict[tuple[dt.date, int, bool], dt.datetime] = {}
        if not periods:
            raise DeadlineConfigError("office_hours: at least one period is needed")
        for start, end in periods:
            if not start < end:
                raise DeadlineConfigError(f"office_hours: {start}-{end} is empty")
        for (_, end), (nxt, _) in itertools.pairwise(periods):
            if not end <= nxt:
                raise DeadlineConfigError("office_hours: periods must be in order, not overlapping")
        for color, rule in rules.items():
            d = rule.working_days
            if d <= 0 or (d >= 1 and d != int(d)):
                raise DeadlineConfigError(
                    f"colors.{color}.working_days: a fraction below 1 or a whole number, "
                    f"got {d!r}")
        self.rules = rules
        self.fallback = fallback
        self.periods = periods
        self.tz = ZoneInfo(timezone)
        self.label_format = label_format
        self.uncovered_label = uncovered_label
        self.day_seconds = sum(_seconds(e) - _seconds(s) for s, e in periods)
        # Years the county entered by hand from the State Council's notice, before the
        # chinesecalendar package knows them: year -> (holidays, make-up workdays).
        self.extra_years = extra_years or {}
        self.provisional = provisional

    @classmethod
    def load(cls, path: Path) -> Deadlines:
        data = read_toml(path, error=DeadlineConfigError)
        colors = data.get("colors") or {}
        if not isinstance(colors, dict) or not colors:
            raise DeadlineConfigError(f"{path}: [colors.<colour>] tables are required")
        rules = {}
        for name, table in colors.items():
            unknown = set(table) - {"working_days", "basis", "handle_working_days"} \
                if isinstance(table, dict) else set()
            if unknown:
                raise DeadlineConfigError(f"{path}: colors.{name}: unknown keys {sorted(unknown)}")
            try:
                rules[name] = Rule(float(table["working_days"]), str(table.get("basis", "")))
            except (KeyError, TypeError, ValueError) as exc:
                raise DeadlineConfigError(
                    f"{path}: colors.{name}.working_days must be a number") from exc
        hours = data.get("office_hours") or {"morning": ["08:30", "12:00"],
                                             "afternoon": ["13:30", "17:30"]}
        periods = tuple(
            (_time(v[0], f"office_hours.{k}"), _time(v[1], f"office_hours.{k}"))
            for k, v in hours.items())
        return cls(rules=rules, fallback=str(data.get("fallback_color", "yellow")),
                   periods=periods, timezone=str(data.get("timezone", "Asia/Shanghai")),
                   label_format=str(data.get("label_format", DEFAULT_LABEL)),
                   uncovered_label=str(data.get("uncovered_label", "")),
                   extra_years=_extra_years(data.get("calendar") or {}, path),
                   provisional=_provisional(data.get("provisional"), path))

    # --- the contract ------------------------------------------------------------------

    def due_at(self, color: str, start: dt.datetime) -> DueDate:
        rule = self.rules.get(color) or self.rules[self.fallback]
        local = (start.replace(tzinfo=self.tz) if start.tzinfo is None
                 else start.astimezone(self.tz))
        try:
            at = self._count(rule, local, provisional=False)
        except CalendarNotCovered:
            if self.provisional is None:
                return DueDate(at=None, flagged=True, label=self.uncovered_label)
            at = self._count(rule, local, provisional=True)
            return DueDate(at=at, flagged=True, provisional=True,
                           label=self.provisional.label.format(label=self.label(at)))
        return DueDate(at=at, flagged=False, label=self.label(at))

    def label(self, at: dt.datetime) -> str:
        return self.label_format.format(y=at.year, m=at.month, d=at.day, H=at.hour,
                                        M=at.minute)

    def _count(self, rule: Rule, local: dt.datetime, *, provisional: bool) -> dt.datetime:
        if rule.working_days < 1:
            return self._add_office_seconds(local, rule.working_days * self.day_seconds,
                                            provisional)
        return self._end_of_nth_workday(local.date(), int(rule.working_days), provisional)

    def provisional_years(self, today: dt.date, ahead_days: int = 60) -> list[int]:
        """Years from `today` to `ahead_days` later that only the provisional calendar covers
        (for the warning at start-up)."""
        years = sorted({today.year, (today + dt.timedelta(days=ahead_days)).year})
        return [y for y in years if y not in self.extra_years
                and _calendar_workday(dt.date(y, 12, 31)) is None]

    # --- working time ------------------------------------------------------------------

    def is_workday(self, day: dt.date, provisional: bool = False) -> bool:
        """`provisional`: where nothing official covers the day, use the provisional calendar
        instead of raising CalendarNotCovered."""
        extra = self.extra_years.get(day.year)
        if extra is not None:
            holidays, workdays = extra
            return day in workdays or (day.weekday() < 5 and day not in holidays)
        workday = _calendar_workday(day)
        if workday is None:  # the year's holidays are not published yet
            if provisional and self.provisional is not None:
                return self.provisional.is_workday(day)
            raise CalendarNotCovered(day.isoformat())
        return workday

    def _next_workday(self, day: dt.date, provisional: bool = False) -> dt.date:
        day += dt.timedelta(days=1)
        while not self.is_workday(day, provisional):
            day += dt.timedelta(days=1)
        return day

    def _end_of_nth_workday(self, received: dt.date, n: int,
                            provisional: bool = False) -> dt.datetime:
        """Cached per (day, n): every case received on one day walks the same weeks."""
        cached = self._nth_workday.get((received, n, provisional))
        if cached is not None:
            return cached
        day = received
        for _ in range(n):
            day = self._next_workday(day, provisional)  # may raise: nothing cached
        at = dt.datetime.combine(day, self.periods[-1][1], self.tz)
        if len(self._nth_workday) >= 1024:
            self._nth_workday.clear()
        self._nth_workday[(received, n, provisional)] = at
        return at

    def _add_office_seconds(self, start: dt.datetime, seconds: float,
                            provisional: bool = False) -> dt.datetime:
        """Walk office periods from `start`, consuming `seconds` of office time."""
        day = start.date()
        clock = _seconds(start.timetz().replace(tzinfo=None))
        if not self.is_workday(day, provisional):
            day, clock = self._next_workday(day, provisional), 0.0
        left = seconds
        while True:
            for p_start, p_end in self.periods:
                begin = max(clock, _seconds(p_start))
                end = _seconds(p_end)
                if begin >= end:
                    continue
                if begin + left <= end:
                    moment = dt.datetime.combine(day, dt.time(0), self.tz)
                    return moment + dt.timedelta(seconds=begin + left)
                left -= end - begin
            day, clock = self._next_workday(day, provisional), 0.0


def _extra_years(table: Any, path: Path
                 ) -> dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]]:
    """[calendar."2027"] holidays = [...], workdays = [...], complete = true"""
    out: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = {}
    if not isinstance(table, dict):
        raise DeadlineConfigError(f"{path}: [calendar] must be a table of years")
    for year_text, entry in table.items():
        where = f"{path}: calendar.{year_text}"
        if not (str(year_text).isdigit() and isinstance(entry, dict)):
            raise DeadlineConfigError(f"{where}: expected [calendar.\"YYYY\"] tables")
        if entry.get("complete") is not True:
            continue  # half-entered years are not trusted: their dates stay flagged
        year = int(year_text)
        sets = []
        for name in ("holidays", "workdays"):
            try:
                days = frozenset(dt.date.fromisoformat(str(v)) for v in entry.get(name, []))
            except ValueError as exc:
                raise DeadlineConfigError(f"{where}.{name}: {exc}") from exc
            if any(d.year != year for d in days):
                raise DeadlineConfigError(f"{where}.{name}: dates must be in {year}")
            sets.append(days)
        out[year] = (sets[0], sets[1])
    return out


def _provisional(table: Any, path: Path) -> ProvisionalCalendar | None:
    if table is None:
        return None
    try:
        return ProvisionalCalendar.from_table(table, str(path))
    except ProvisionalConfigError as exc:
        raise DeadlineConfigError(str(exc)) from exc


@functools.lru_cache(maxsize=4096)
def _calendar_workday(day: dt.date) -> bool | None:
    """The holiday calendar's answer, or None where it does not cover the date. Cached: a
    deadline walks up to weeks of days on every submission, and the calendar is fixed data."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def _seconds(t: dt.time) -> float:
    return t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6

