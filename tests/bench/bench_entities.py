"""Per-call cost of the entity functions the dialog runs on every citizen message, old and new.

    .venv/bin/python tests/bench/bench_entities.py [--number N] [--repeat R] [--old REV]

The functions are those dialogs/ imports from nlp.entities (slots.extract, slots.answer_*,
collect, review): normalize, find_phones, find_ids, Gazetteer.find, find_name, plausible_name,
normalize_phone, phone_problem, mask_ids, plus "extract": the four finders slots.extract() runs
on one message. Each is called once per message of a realistic mix (short answers, a phone
answer, self-introductions, petitions from config/nlp/examples and tests/nlp/holdout.csv).

- old: nlp/entities.py as it was at --old (read with `git show`, imported under another name;
  nothing is copied into nlp/);
- new: nlp/entities.py as it is in the working tree;
- base: `len(text.lower())` over the same messages, measured in the same run, so the figures can
  be read as "so many str.lower() calls" on a machine that is busier or quieter than this one.

Both versions are first checked to give the same results on every message. CPU time
(process_time), µs per call averaged over the mix, best of R runs of N passes, old and new
interleaved. A cache of normalize() is emptied before each pass: a message is new to it the
first time a function sees it, as in the dialog, where only the later finders run on a message
normalize() has seen.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from nlp import entities as new_entities

OLD_REV = "b018afa"  # the last commit before entities were made cheaper

SHORT = [
    "我们村的道路破损严重，路面坑坑洼洼，下雨天全是积水，村民出行很不方便",
    "陈桥", "建设村三组", "我叫张三", "13900000123", "希望尽快修好", "确认提交", "是的", "好",
    "张三", "欧阳娜娜", "不知道", "村民", "金北街道建设村", "塔集镇闵桥社区", "０５１７－８６９０１２３４",
    "我的电话是139 1234 5678，白天打", "我是李四，住在银涂镇", "免贵姓王", "匿名", "没有了",
    "身份证320831199001011234", "上个月十五号开始的", "改一下地址", "1", "谢谢",
]


def messages(petitions: int) -> list[str]:
    texts = list(SHORT)
    files = sorted((ROOT / "config" / "nlp" / "examples").glob("*.csv"))
    files.append(ROOT / "tests" / "nlp" / "holdout.csv")
    per_file = max(1, petitions // len(files))
    for path in files:
        with path.open(encoding="utf-8", newline="") as f:
            texts += [row["text"] for _, row in zip(range(per_file), csv.DictReader(f))]
    return texts


def load_old(rev: str) -> ModuleType:
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:nlp/entities.py"],
                            check=True, capture_output=True, text=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "old_entities.py"
        path.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("old_entities", path)
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules["old_entities"] = mod  # dataclasses look their module up
        spec.loader.exec_module(mod)
    return mod


def calls(e: ModuleType) -> dict[str, Callable[[str], Any]]:
    gaz = e.Gazetteer.from_toml(ROOT / "config" / "towns.toml")

    def extract(t: str) -> Any:
        return e.find_phones(t), e.find_ids(t), gaz.find(t), e.find_name(t)

    return {
        "normalize": e.normalize,
        "find_phones": e.find_phones,
        "find_ids": e.find_ids,
        "Gazetteer.find": gaz.find,
        "find_name": e.find_name,
        "plausible_name": e.plausible_name,
        "normalize_phone": e.normalize_phone,
        "phone_problem": e.phone_problem,
        "mask_ids": e.mask_ids,
        "extract (4 finders)": extract,
    }


def plain(x: Any) -> Any:
    """Results of two module copies compared by value (their dataclasses are different types)."""
    if isinstance(x, list | tuple):
        return [plain(v) for v in x]
    if hasattr(x, "__slots__") and hasattr(x, "__dataclass_fields__"):
        return (type(x).__name__, *(plain(getattr(x, f)) for f in x.__dataclass_fields__))
    return x


def forget(e: ModuleType) -> Callable[[], None]:
    """What empties the module's normalize cache, if it has one."""
    return getattr(e.normalize, "cache_clear", lambda: None)


def per_call_us(func: Callable[[str], Any], texts: list[str], number: int,
                clear: Callable[[], None] = lambda: None) -> float:
    def run() -> None:
        clear()  # every message of a pass is new to the cache, as in the dialog
        for t in texts:
            func(t)
    return min(timeit.repeat(run, timer=time.process_time, number=number, repeat=1)) \
        / number / len(texts) * 1e6


def base(t: str) -> int:
    return len(t.lower())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--number", type=int, default=20, help="passes over the mix per run")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the best counts")
    parser.add_argument("--petitions", type=int, default=60, help="petition texts in the mix")
    parser.add_argument("--old", default=OLD_REV, help="git revision of the old nlp/entities.py")
    args = parser.parse_args()
    texts = list(dict.fromkeys(messages(args.petitions)))
    old_entities = load_old(args.old)
    old, new = calls(old_entities), calls(new_entities)
    old_clear, new_clear = forget(old_entities), forget(new_entities)
    for name in new:
        for t in texts:
            assert plain(old[name](t)) == plain(new[name](t)), (name, t)

    base_us = min(per_call_us(base, texts, args.number) for _ in range(args.repeat))
    avg = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} messages, {avg:.0f} characters on average; CPU µs per call, best of "
          f"{args.repeat} runs of {args.number} passes; base = len(text.lower()) = "
          f"{base_us:.2f} µs")
    print(f"{'':22} {'old':>8} {'new':>8} {'old/new':>8} {'old/base':>9} {'new/base':>9}")
    for name in new:
        o = n = float("inf")
        for _ in range(args.repeat):  # interleaved, so both see the same neighbours
            o = min(o, per_call_us(old[name], texts, args.number, old_clear))
            n = min(n, per_call_us(new[name], texts, args.number, new_clear))
        print(f"{name:22} {o:8.2f} {n:8.2f} {o / n:7.2f}x {o / base_us:8.1f}x "
              f"{n / base_us:8.1f}x")


if __name__ == "__main__":
    main()
