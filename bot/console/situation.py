"""形势网上判: the picture of the whole situation over a period, as SVG charts and a CSV export.

Only aggregates leave this module (counts, rates, a median, rating counts): the CSV carries no
case text and no personal data.
"""

from __future__ import annotations

import csv
import io
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import orjson
from aiohttp import web

from bot import keys, situation_counts
from bot.console.app import Console
from bot.console.charts import PALETTE, columns, hbars
from bot.console.html import Markup, el, join
from bot.console.pages import PREFIX, SECURITY_HEADERS, console_of, guarded, page, session_of
from bot.console.queue import color_badge, duration

PERIODS = (7, 30, 90, 365)
COLORS = ("blue", "yellow", "orange", "red")
WATCH_SHOWN = 20


@dataclass(frozen=True, slots=True)
class Watched:
    case_id: str
    number: str
    category: str
    town: str
    color: str
    created: float
    due: float


@dataclass
class Situation:
    days: int
    total: int = 0
    closed: int = 0
    by_day: dict[str, int] = field(default_factory=dict)
    by_channel: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    by_town: Counter[str] = field(default_factory=Counter)
    by_color: Counter[str] = field(default_factory=Counter)
    ratings: Counter[int] = field(default_factory=Counter)
    sent: int = 0
    auto: int = 0
    handoffs: int = 0
    bot_cases: int = 0  # cases the bot submitted itself (not created by staff from a handoff)
    delivery_seconds: list[float] = field(default_factory=list)
    watched: list[Watched] = field(default_factory=list)  # open cases with a due date

    @property
    def auto_rate(self) -> float | None:
        return self.auto / self.sent if self.sent else None

    @property
    def handoff_rate(self) -> float | None:
        whole = self.handoffs + self.bot_cases
        return self.handoffs / whole if whole else None

    @property
    def median_delivery(self) -> float | None:
        return statistics.median(self.delivery_seconds) if self.delivery_seconds else None

    @property
    def rating_mean(self) -> float | None:
        n = sum(self.ratings.values())
        return sum(k * v for k, v in self.ratings.items()) / n if n else None


async def gather(console: Console, days: int, now: float | None = None) -> Situation:
    """The period's figures from the counters kept as cases are written
    (bot/situation_counts.py): a few reads per day of the period, whatever the keyspace holds.
    The period is whole local days, from the day `days` days ago to today."""
    now = time.time() if now is None else now
    tz = ZoneInfo(console.settings.timezone)
    first_day = datetime.fromtimestamp(now - days * 86400, tz).date()
    span = [first_day + timedelta(days=i)
            for i in range((datetime.fromtimestamp(now, tz).date() - first_day).days + 1)]
    redis = console.redis
    figures = await situation_counts.read_days(redis, span)
    unknown = console.text("situation.unknown")

    def named(prefix: str) -> Counter[str]:
        out: Counter[str] = Counter()
        for name, n in figures.by(prefix).items():
            out[name or unknown] += n
        return out

    counts = figures.counts
    sit = Situation(days, total=counts["total"], closed=counts["closed"],
                    by_day=figures.per_day, by_channel=named("channel"),
                    by_category=named("category"), by_town=named("town"),
                    by_color=named("color"),
                    ratings=Counter({int(k): n for k, n in figures.by("rating").items()}),
                    sent=counts["sent"], auto=counts["auto"], bot_cases=counts["bot"],
                    delivery_seconds=figures.delivery_seconds)
    kept_since = now - console.settings.case_retention_days * 86400
    for case_id, w in (await situation_counts.open_cases(redis)).items():
        if console.settings.case_retention_days and w["created"] < kept_since:
            await redis.hdel(keys.SITUATION_OPEN, case_id)  # its record has expired
            continue
        sit.watched.append(Watched(case_id, w["number"], w["category"] or unknown,
                                   w["town"] or unknown, w["color"], w["created"], w["due"]))
    since = now - days * 86400
    sit.handoffs += int(await redis.zcount(keys.STAFF_HANDOFF_LOG, since, "+inf"))
    for raw in (await redis.hgetall(keys.STAFF_QUEUE)).values():
        item = orjson.loads(raw)
        if item.get("kind") == "handoff" and float(item.get("created_at") or 0) >= since:
            sit.handoffs += 1
    return sit


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _days(request: web.Request) -> int:
    try:
        days = int(request.query.get("days", "30"))
    except ValueError:
        return 30
    return days if days in PERIODS else 30


def _series(console: Console, sit: Situation) -> list[tuple[str, list[tuple[str, float]]]]:
    """Every table of the page, (title key, rows), in display order (also the CSV's)."""
    t = console.text

    def ranked(c: Counter[str], section: str = "") -> list[tuple[str, float]]:
        out = []
        for k, v in c.most_common():
            name = t(f"{section}.{k}") if section and t.has(f"{section}.{k}") else k
            out.append((name, float(v)))
        return out

    colors = [(t(f"colors.{c}"), float(sit.by_color.get(c, 0))) for c in COLORS]
    colors += [(k, float(v)) for k, v in sit.by_color.items() if k not in COLORS]
    return [
        ("situation.by_day", [(d, float(n)) for d, n in sorted(sit.by_day.items())]),
        ("situation.by_channel", ranked(sit.by_channel, "channels")),
        ("situation.by_category", ranked(sit.by_category)),
        ("situation.by_town", ranked(sit.by_town)),
        ("situation.by_color", colors),
        ("situation.by_rating", [(t("situation.rating_label", n=n), float(sit.ratings.get(n, 0)))
                                 for n in range(1, 6)]),
    ]


def _metrics(console: Console, sit: Situation) -> list[tuple[str, str]]:
    t = console.text
    none = t("situation.none")
    median = sit.median_delivery
    mean = sit.rating_mean
    return [
        (t("situation.total"), str(sit.total)),
        (t("situation.auto_rate"), _pct(sit.auto_rate) or none),
        (t("situation.handoff_rate"), _pct(sit.handoff_rate) or none),
        (t("situation.median_delivery"), duration(console, median) if median is not None
         else none),
        (t("situation.rating"), t("situation.rating_value", mean=f"{mean:.2f}",
                                  n=sum(sit.ratings.values())) if mean is not None else none),
    ]


def watch_section(console: Console, sit: Situation) -> Markup:
    """Open cases by time left: 临近超期 and overdue ones first (网上督)."""
    t = console.text
    now = time.time()
    near = t.number("urgency.near_fraction", 0.25)
    rows = sorted(sit.watched, key=lambda w: w.due)
    urgency = ["overdue" if w.due < now else
               "near" if w.due - now <= max(w.due - w.created, 1.0) * near else "ok" for w in rows]
    summary = el("p", t("situation.watch_count", n=len(rows), overdue=urgency.count("overdue"),
                        near=urgency.count("near")), class_="summary")
    if not rows:
        return el("section", el("h2", t("situation.watch")), summary)
    head = el("tr", join(el("th", t(f"situation.{c}")) for c in (
        "watch_due", "watch_number", "watch_category", "watch_town", "watch_color")))
    lines = []
    for w, u in list(zip(rows, urgency))[:WATCH_SHOWN]:
        left = duration(console, w.due - now)
        key = {"overdue": "queue.overdue", "near": "queue.near"}.get(u, "queue.left")
        cells = [(t("situation.watch_due"), el("span", t(key, left=left), class_=f"due {u}")),
                 (t("situation.watch_number"),
                  el("a", w.number, href=f"{PREFIX}/case/{w.case_id}")),
                 (t("situation.watch_category"), w.category),
                 (t("situation.watch_town"), w.town),
                 (t("situation.watch_color"), color_badge(console, w.color))]
        lines.append(el("tr", join(el("td", v, data_label=k) for k, v in cells), class_=f"u-{u}"))
    return el("section", el("h2", t("situation.watch")), summary,
              el("table", el("thead", head), el("tbody", join(lines)), class_="watch"))


@guarded()
async def situation_page(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    t = console.text
    days = _days(request)
    sit = await gather(console, days)
    periods = join(el("a", t(f"situation.days_{d}"), href=f"{PREFIX}/situation?days={d}",
                      class_="current" if d == days else None) for d in PERIODS)
    export = el("a", t("situation.export"), href=f"{PREFIX}/situation.csv?days={days}",
                class_="button", download=True)
    cards = join(el("div", el("span", k, class_="k"), el("strong", v), class_="card")
                 for k, v in _metrics(console, sit))
    charts = []
    for key, rows in _series(console, sit):
        title = t(key)
        if key == "situation.by_day":
            chart = columns(rows, title=title)
        else:
            fills = [PALETTE[c] for c in COLORS] if key == "situation.by_color" else []
            chart = hbars(rows, title=title, fills=fills)
        charts.append(el("figure", el("figcaption", title), chart, class_=f"fig {key[10:]}"))
    body = join([el("div", el("span", t("situation.range"), "：", periods), export,
                    class_="toolbar"),
                 el("div", cards, class_="cards"),
                 watch_section(console, sit),
                 el("p", t("situation.auto_rate_hint"), "；", t("situation.handoff_rate_hint"),
                    class_="muted"),
                 el("div", join(charts), class_="charts")])
    return page(console, t("situation.title"), body, session_of(request))


@guarded()
async def situation_csv(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    t = console.text
    days = _days(request)
    sit = await gather(console, days)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([t("situation.csv_dimension"), t("situation.csv_key"),
                     t("situation.csv_value")])
    for name, value in _metrics(console, sit):
        writer.writerow([t("situation.csv_metric"), name, value])
    for key, rows in _series(console, sit):
        for name, num in rows:
            writer.writerow([t(key), name, int(num) if float(num).is_integer() else num])
    await console.accounts.audit(session_of(request).user, "export", f"days={days}")
    stamp = datetime.now(ZoneInfo(console.settings.timezone)).strftime("%Y%m%d")
    headers = dict(SECURITY_HEADERS)
    headers["Content-Disposition"] = f'attachment; filename="situation-{stamp}-{days}d.csv"'
    # The BOM lets Excel (what the office opens CSVs with) read the Chinese as UTF-8.
    return web.Response(body=("\ufeff" + out.getvalue()).encode("utf-8"),
                        content_type="text/csv", charset="utf-8", headers=headers)


def situation_routes() -> list[web.RouteDef]:
    return [web.get(f"{PREFIX}/situation", situation_page),
            web.get(f"{PREFIX}/situation.csv", situation_csv)]
