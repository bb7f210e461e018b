"""Due dates by colour with the Chinese holiday calendar.

Expected dates are worked out by hand from the State Council's 2026 holiday notice
(国办发明电〔2025〕7号): 春节 2月15日至23日放假，2月14日（周六）、2月28日（周六）上班；
国庆节、中秋节 10月1日至7日放假，9月20日（周日）、10月10日（周六）上班. Office hours are those of
config/deadlines.toml (08:30-12:00, 13:30-17:30: 7.5 h, so half a working day is 3 h 45 min).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.deadlines import DeadlineConfigError, Deadlines
from bot.settings import CONFIG_DIR

TZ = ZoneInfo("Asia/Shanghai")
due_at = Deadlines.load(CONFIG_DIR / "deadlines.toml").due_at  # as create_app builds it


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def test_blue_is_half_a_working_day_of_office_time() -> None:
    # Tue 09:00: 3 h until noon, then 45 min after the lunch break.
    assert due_at("blue", at(2026, 11, 24, 9, 0)).at == at(2026, 11, 24, 14, 15)


def test_blue_skips_the_national_day_week() -> None:
    # Wed 30 Sep 16:00: 1.5 h that day; 1-7 Oct off; the rest (2.25 h) on Thu 8 Oct.
    due = due_at("blue", at(2026, 9, 30, 16, 0))
    assert due.at == at(2026, 10, 8, 10, 45) and not due.flagged
    assert due.label == "2026年10月8日 10:45前"


def test_blue_runs_into_a_make_up_saturday() -> None:
    # Fri 13 Feb 16:30: 1 h that day; Sat 14 Feb is a make-up workday (调休上班).
    assert due_at("blue", at(2026, 2, 13, 16, 30)).at == at(2026, 2, 14, 11, 15)


def test_blue_received_on_a_holiday_starts_at_the_next_opening() -> None:
    # 08:30-12:00 gives 3.5 h on Thu 8 Oct, the last 15 min come after the lunch break.
    assert due_at("blue", at(2026, 10, 3, 10, 0)).at == at(2026, 10, 8, 13, 45)


def test_yellow_counts_fifteen_working_days_after_receipt() -> None:
    # Received Wed 30 Sep: 8 Oct (1), 9 Oct (2), Sat 10 Oct make-up (3), 12-16 Oct (4-8),
    # 19-23 Oct (9-13), 26 Oct (14), 27 Oct (15).
    due = due_at("yellow", at(2026, 9, 30, 10, 0))
    assert due.at == at(2026, 10, 27, 17, 30)


def test_every_colour_but_blue_follows_the_regulation_by_default() -> None:
    start = at(2026, 3, 2, 9, 0)
    dates = {c: due_at(c, start).at for c in ("yellow", "orange", "red")}
    assert len(set(dates.values())) == 1
    # 2 Mar 2026 is a Monday; 15 working days later (no holiday in between) is Mon 23 Mar.
    assert dates["red"] == at(2026, 3, 23, 17, 30)


def test_spring_festival_is_skipped_and_make_up_saturday_counted() -> None:
    # Received Fri 13 Feb: Sat 14 Feb (1), 15-23 Feb off, 24-27 Feb (2-5), Sat 28 Feb (6),
    # 2-6 Mar (7-11), 9-12 Mar (12-15).
    assert due_at("yellow", at(2026, 2, 13, 10, 0)).at == at(2026, 3, 12, 17, 30)


def test_a_date_the_calendar_does_not_cover_is_provisional_and_flagged() -> None:
    # 15 working days from Sun 20 Dec 2026 run into 2027, which chinesecalendar does not know:
    # Dec 21-25 (5), 28-31 (9), 1 Jan off (元旦), Jan 4-8 (14), Mon 11 Jan (15).
    late = due_at("yellow", at(2026, 12, 20, 10, 0))
    assert late.at == at(2027, 1, 11, 17, 30) and late.flagged and late.provisional
    assert late.label.startswith("2027年1月11日 17:30前") and "暂定" in late.label
    blue = due_at("blue", at(2027, 1, 5, 9, 0))
    assert blue.provisional and blue.at == at(2027, 1, 5, 14, 15)
    same_day = due_at("blue", at(2026, 12, 31, 9, 0))  # stays inside 2026
    assert same_day.at == at(2026, 12, 31, 14, 15) and not same_day.flagged
    assert not same_day.provisional and "暂定" not in same_day.label


def test_the_provisional_calendar_skips_the_lunar_holidays_of_2027() -> None:
    # 春节 2027: 除夕 Fri 5 Feb, 初一..初三 Sat 6 - Mon 8 Feb (lunar_python; 初一 is 6 Feb 2027).
    # From Wed 3 Feb: Thu 4 (1), [5-8 off], 9-12 Feb (2-5), 15-19 (6-10), 22-26 (11-15).
    due = due_at("red", at(2027, 2, 3, 10, 0))
    assert due.provisional and due.at == at(2027, 2, 26, 17, 30)
    # 清明 Mon 5 Apr 2027, 端午 Wed 9 Jun, 中秋 Wed 15 Sep: a blue case received the evening
    # before waits for the next working day.
    assert due_at("blue", at(2027, 4, 2, 18, 0)).at == at(2027, 4, 6, 13, 45)
    assert due_at("blue", at(2027, 6, 8, 18, 0)).at == at(2027, 6, 10, 13, 45)
    assert due_at("blue", at(2027, 9, 14, 18, 0)).at == at(2027, 9, 16, 13, 45)


@pytest.mark.parametrize("year", [2025, 2026])  # the 2025 rules (除夕 off since 2025)
def test_provisional_holidays_are_days_off_in_the_official_calendar(year: int) -> None:
    """Checked against the published years: every day the provisional calendar takes off is a
    holiday in chinesecalendar (which also knows the strung-together days and 调休)."""
    import chinese_calendar

    cal = Deadlines.load(CONFIG_DIR / "deadlines.toml").provisional
    assert cal is not None
    days = cal.holidays(year)
    assert len(days) == 13  # 元旦1 春节4 清明1 劳动2 端午1 中秋1 国庆3 (2025 rules)
    assert [d for d in days if chinese_calendar.is_workday(d)] == []


def test_without_a_provisional_table_an_uncovered_date_is_left_to_staff(tmp_path: Path) -> None:
    base = (CONFIG_DIR / "deadlines.toml").read_text(encoding="utf-8")
    head, _, tail = base.partition("\n[provisional]\n")
    path = tmp_path / "d.toml"
    path.write_text(head + tail.split("\n\n", 1)[1], encoding="utf-8")
    due = Deadlines.load(path).due_at("yellow", at(2026, 12, 20, 10, 0))
    assert due.at is None and due.flagged and not due.provisional


def test_startup_warns_about_a_provisional_year() -> None:
    from bot.serve import provisional_warnings

    deadlines = Deadlines.load(CONFIG_DIR / "deadlines.toml")
    [line] = provisional_warnings(deadlines, dt.date(2026, 12, 7))
    assert "2027" in line and "provisional" in line
    assert provisional_warnings(deadlines, dt.date(2026, 3, 1)) == []


def test_times_in_other_zones_and_naive_times_are_read_as_beijing_time() -> None:
    utc = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)  # 09:00 in Beijing
    assert due_at("blue", utc).at == at(2026, 11, 24, 14, 15)
    assert due_at("blue", dt.datetime(2026, 11, 24, 9, 0)).at == at(2026, 11, 24, 14, 15)


def test_unknown_colour_uses_the_fallback_rule() -> None:
    start = at(2026, 9, 30, 10, 0)
    assert due_at("purple", start) == due_at("yellow", start)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "deadlines.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_county_can_shorten_a_colour(tmp_path: Path) -> None:
    base = (CONFIG_DIR / "deadlines.toml").read_text(encoding="utf-8")
    custom = base.replace("[colors.red]\nworking_days = 15", "[colors.red]\nworking_days = 5")
    assert custom != base
    d = Deadlines.load(_write(tmp_path, custom))
    # 8 Oct (1), 9 Oct (2), Sat 10 Oct make-up (3), 12 Oct (4), 13 Oct (5).
    assert d.due_at("red", at(2026, 9, 30, 10, 0)).at == at(2026, 10, 13, 17, 30)


@pytest.mark.parametrize("bad", [
    "[colors.blue]\nworking_days = 1.5\n",
    "[colors.yellow]\nworking_day = 15\n",
    "[colors.blue]\nworking_days = 0\n",
    "[colors.blue]\nworking_days = 'soon'\n",
    "fallback_color = 'yellow'\n[colors.blue]\nworking_days = 0.5\n",
    "[office_hours]\nmorning = ['12:00', '08:30']\n[colors.yellow]\nworking_days = 1\n",
    "[office_hours]\nmorning = ['8h', '12:00']\n[colors.yellow]\nworking_days = 1\n",
])
def test_bad_configuration_is_refused_with_the_key_named(tmp_path: Path, bad: str) -> None:
    with pytest.raises(DeadlineConfigError):
        Deadlines.load(_write(tmp_path, bad))


# --- properties over every start time of 2026 ---------------------------------------------

STARTS = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 11, 30),
                      timezones=st.just(TZ))
OFFICE = ((dt.time(8, 30), dt.time(12, 0)), (dt.time(13, 30), dt.time(17, 30)))


def _office_seconds_between(a: dt.datetime, b: dt.datetime) -> float:
    import chinese_calendar

    total, day = 0.0, a.date()
    while day <= b.date():
        if chinese_calendar.is_workday(day):
            for s, e in OFFICE:
                lo = max(a, dt.datetime.combine(day, s, TZ))
                hi = min(b, dt.datetime.combine(day, e, TZ))
                total += max(0.0, (hi - lo).total_seconds())
        day += dt.timedelta(days=1)
    return total


@given(STARTS)
@settings(max_examples=200, deadline=None)
def test_blue_is_always_three_hours_forty_five_of_office_time(start: dt.datetime) -> None:
    due = due_at("blue", start)
    assert due.at is not None and due.at > start
    assert _office_seconds_between(start, due.at) == pytest.approx(3.75 * 3600, abs=1e-3)


@given(STARTS)
@settings(max_examples=200, deadline=None)
def test_yellow_ends_a_workday_fifteen_workdays_after_receipt(start: dt.datetime) -> None:
    import chinese_calendar

    due = due_at("yellow", start)
    assert due.at is not None and due.at.time() == dt.time(17, 30)
    days = chinese_calendar.get_workdays(start.date() + dt.timedelta(days=1), due.at.date())
    assert len(days) == 15 and days[-1] == due.at.date()


def test_a_year_entered_by_hand_is_used_only_when_complete(tmp_path: Path) -> None:
    import datetime as dt

    from bot.deadlines import Deadlines
    from bot.settings import CONFIG_DIR

    base = (CONFIG_DIR / "deadlines.toml").read_text(encoding="utf-8")
    start = dt.datetime(2026, 12, 28, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    (tmp_path / "d.toml").write_text(base, encoding="utf-8")
    assert Deadlines.load(tmp_path / "d.toml").due_at("yellow", start).provisional
    (tmp_path / "d.toml").write_text(base + '\n[calendar."2027"]\nholidays = ["2027-01-01"]\n',
                                     encoding="utf-8")
    assert Deadlines.load(tmp_path / "d.toml").due_at("yellow", start).provisional  # incomplete
    (tmp_path / "d.toml").write_text(
        base + '\n[calendar."2027"]\ncomplete = true\nholidays = ["2027-01-01", "2027-01-08"]\n'
        'workdays = ["2027-01-09"]\n', encoding="utf-8")
    due = Deadlines.load(tmp_path / "d.toml").due_at("yellow", start)
    # 15 working days after 12-28: 12-29..12-31 (3), then 2027 without 01-01 and 01-08, with
    # Saturday 01-09: 01-04..07 (4), 01-09 (1), 01-11..15 (5), 01-18, 01-19 -> the 15th is 01-19
    assert not due.flagged and due.at is not None and due.at.date() == dt.date(2027, 1, 19)
    assert not due.provisional  # the county's entry replaces the provisional calendar
    (tmp_path / "d.toml").write_text(
        base + '\n[calendar."2027"]\ncomplete = true\nholidays = ["2026-01-01"]\n',
        encoding="utf-8")
    with pytest.raises(DeadlineConfigError, match="must be in 2027"):
        Deadlines.load(tmp_path / "d.toml")


@settings(max_examples=60, deadline=None)
@given(days=st.lists(st.dates(dt.date(2024, 1, 1), dt.date(2026, 11, 30)), min_size=1,
                     max_size=8), color=st.sampled_from(["yellow", "orange", "red"]))
def test_cached_deadlines_are_those_of_a_fresh_calendar(days: list[dt.date],
                                                         color: str) -> None:
    shared = Deadlines.load(CONFIG_DIR / "deadlines.toml")
    for day in days + days:  # the second pass answers from the cache
        start = dt.datetime.combine(day, dt.time(10, 30), TZ)
        fresh = Deadlines.load(CONFIG_DIR / "deadlines.toml").due_at(color, start)
        assert shared.due_at(color, start) == fresh


def test_a_broken_deadlines_file_stops_the_start(tmp_path: Path) -> None:
    """create_app builds the Deadlines from settings.config_dir: a broken file is a start-up
    error naming the file and the key, not "staff will confirm the date" on every case."""
    import dataclasses
    import shutil

    from bot.app import create_app
    from bot.settings import Settings, SettingsError

    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, config)
    good = create_app(dataclasses.replace(Settings(), config_dir=config))
    assert good is not None
    text = (config / "deadlines.toml").read_text(encoding="utf-8")
    (config / "deadlines.toml").write_text(
        text.replace("[colors.yellow]", "[colors.yellow]\nworking_hours = 1", 1),
        encoding="utf-8")
    with pytest.raises(SettingsError, match=r"deadlines\.toml.*colors\.yellow"):
        create_app(dataclasses.replace(Settings(), config_dir=config))
