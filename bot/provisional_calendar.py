"""A provisional holiday calendar for a year the State Council has not announced yet.

Used by bot/deadlines.py when neither the chinesecalendar package nor a county entry in
config/deadlines.toml covers a date (from mid-December every 15-working-day deadline reaches into
the next year). It knows weekends, the fixed statutory holidays (元旦, 劳动节, 国庆节) and the
lunar ones (春节 from 除夕, 端午, 中秋) and the solar term 清明, computed with `lunar_python`. It
cannot know the make-up workdays (调休) nor how the days off are strung together, so a date
counted on it is marked provisional everywhere and the county's entry replaces it when the
notice is out.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from lunar_python import Lunar

NEW_YEARS_EVE = "除夕"  # the last day of the twelfth lunar month (29th or 30th)


class ProvisionalConfigError(ValueError):
    """The [provisional] table of config/deadlines.toml is malformed."""


@dataclass(frozen=True, slots=True)
class ProvisionalCalendar:
    fixed: tuple[tuple[int, int], ...]  # (month, day) in the Gregorian calendar
    lunar: tuple[str, ...]  # "MM-DD" in the lunar calendar, or 除夕
    solar_terms: tuple[str, ...]  # 清明 ...
    label: str  # how a provisional date is shown: "{label}" is the usual text

    @classmethod
    def from_table(cls, table: Any, where: str) -> ProvisionalCalendar:
        if not isinstance(table, dict):
            raise ProvisionalConfigError(f"{where}: [provisional] must be a table")
        unknown = set(table) - {"fixed", "lunar", "solar_terms", "label"}
        if unknown:
            raise ProvisionalConfigError(f"{where}: provisional: unknown keys {sorted(unknown)}")
        fixed = []
        for v in table.get("fixed", []):
            try:
                m, d = (int(x) for x in str(v).split("-"))
                dt.date(2024, m, d)  # a leap year: 02-29 is a valid entry
            except ValueError as exc:
                raise ProvisionalConfigError(f"{where}: provisional.fixed: {v!r} is not MM-DD") \
                    from exc
            fixed.append((m, d))
        lunar = tuple(str(v) for v in table.get("lunar", []))
        for v in lunar:
            if v != NEW_YEARS_EVE:
                try:
                    m, d = (int(x) for x in v.split("-"))
                except ValueError as exc:
                    raise ProvisionalConfigError(
                        f"{where}: provisional.lunar: {v!r} is not MM-DD or {NEW_YEARS_EVE}") \
                        from exc
                if not (1 <= m <= 12 and 1 <= d <= 30):
                    raise ProvisionalConfigError(f"{where}: provisional.lunar: {v!r} out of range")
        terms = tuple(str(v) for v in table.get("solar_terms", []))
        known = Lunar.fromYmd(2026, 1, 1).getJieQiTable()
        for term in terms:
            if term not in known:
                raise ProvisionalConfigError(f"{where}: provisional.solar_terms: {term!r} unknown")
        label = str(table.get("label", "{label}"))
        if "{label}" not in label:
            raise ProvisionalConfigError(f"{where}: provisional.label must contain {{label}}")
        return cls(tuple(fixed), lunar, terms, label)

    def holidays(self, year: int) -> frozenset[dt.date]:
        return _holidays(self, year)

    def is_workday(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays(day.year)


@functools.lru_cache(maxsize=16)
def _holidays(cal: ProvisionalCalendar, year: int) -> frozenset[dt.date]:
    days = {dt.date(year, m, d) for m, d in cal.fixed if _valid(year, m, d)}
    # Lunar dates of lunar year `year - 1` and `year` can fall in Gregorian `year` (除夕 of the
    # previous lunar year is in January or February); keep those that do.
    for lunar_year in (year - 1, year):
        for entry in cal.lunar:
            solar = _lunar_to_solar(lunar_year, entry)
            if solar is not None and solar.year == year:
                days.add(solar)
    table = Lunar.fromYmd(year, 6, 1).getJieQiTable()  # the terms of Gregorian `year`
    for term in cal.solar_terms:
        s = table[term]
        day = dt.date(s.getYear(), s.getMonth(), s.getDay())
        if day.year == year:
            days.add(day)
    return frozenset(days)


def _lunar_to_solar(lunar_year: int, entry: str) -> dt.date | None:
    if entry == NEW_YEARS_EVE:
        s = Lunar.fromYmd(lunar_year + 1, 1, 1).getSolar()
        return dt.date(s.getYear(), s.getMonth(), s.getDay()) - dt.timedelta(days=1)
    m, d = (int(x) for x in entry.split("-"))
    try:
        s = Lunar.fromYmd(lunar_year, m, d).getSolar()
    except Exception:  # noqa: BLE001 - the 30th of a 29-day month: no such day that year
        return None
    return dt.date(s.getYear(), s.getMonth(), s.getDay())


def _valid(year: int, m: int, d: int) -> bool:
    try:
        dt.date(year, m, d)
    except ValueError:
        return False
    return True
