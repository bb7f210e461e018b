"""The boundary reader (nlp/boundaries.py): clause ends of a message dictated without punctuation.
Wordings written for these tests (voice input, elderly, Henan / Shandong flavour)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from nlp.boundaries import RUN_MIN, BoundaryReader, as_typed
from nlp.names import Surnames

CONFIG = Path(__file__).resolve().parents[2] / "config"
_PUNCT = set("，,。.！!？?；;：:、 ")


@pytest.fixture(scope="module")
def reader() -> BoundaryReader:
    compound = Surnames.load(CONFIG / "nlp" / "surnames.txt").compound
    return BoundaryReader.load(CONFIG, None, compound)


def _clauses(text: str) -> list[str]:
    return text.split("，")


RUN_ON = [
    ("我叫管永寿淮安楚州人在前锋镇包了四十亩鱼塘去年秋天村里把进水渠填了鱼塘没法换水死了一大半鱼"
    "希望镇上叫村里把水渠挖开我电话一三九零五一七二二八六"),
    ("俺叫司马长林河南商丘的在金湖打工七年了房东押金三千块不退说墙弄脏了可俺走的时候都打扫干净了"
    "要求房东把押金退给俺手机一五八五二幺七四三零八"),
    ("老汉我叫邵根宝八十二了一个人住在吕良镇湖滨村房子是五几年盖的土坯房去年夏天塌了半间"
    "村里说危房改造名额没了建议政府给我们孤老安排个住处电话一八零五二三七幺六五四"),
]


@pytest.mark.parametrize("said", RUN_ON)
def test_a_run_on_message_gets_its_clause_ends_and_keeps_every_character(reader, said):
    out = reader.punctuate(said)
    assert out.replace("，", "") == said  # only "，" is added
    assert out.count("，") >= 3, out


@pytest.mark.parametrize("said,name", [(RUN_ON[0], "管永寿"), (RUN_ON[1], "司马长林"),
                                       (RUN_ON[2], "邵根宝")])
def test_a_name_after_wo_jiao_ends_its_clause(reader, said, name):
    out = reader.punctuate(said)
    assert any(c.endswith(name) for c in _clauses(out)), out


@pytest.mark.parametrize("said,request_start", [(RUN_ON[0], "希望"), (RUN_ON[1], "要求"),
                                                (RUN_ON[2], "建议")])
def test_the_request_and_the_phone_open_clauses_of_their_own(reader, said, request_start):
    clauses = _clauses(reader.punctuate(said))
    assert any(c.startswith(request_start) for c in clauses), clauses
    assert any(re.match(r"(?:我|俺)?(?:电话|手机)", c) for c in clauses), clauses


def test_a_phone_read_aloud_is_never_split(reader):
    for said in RUN_ON:
        tail = _clauses(reader.punctuate(said))[-1]
        assert sum(ch in "零一幺二三四五六七八九" for ch in tail) == 11, tail


def test_typed_or_short_messages_are_left_as_they_are(reader):
    typed = "我叫管永寿，在前锋镇包了四十亩鱼塘，去年秋天村里把进水渠填了，鱼塘没法换水，死了一大半鱼，希望镇上叫村里把水渠挖开"
    assert reader.punctuate(typed) == typed
    short = "村里把进水渠填了鱼塘没法换水"
    assert len(short) < RUN_MIN and reader.punctuate(short) == short
    # a pause typed as a space already cuts the run
    spaced = RUN_ON[0][:30] + " " + RUN_ON[0][30:60]
    assert reader.punctuate(spaced) == spaced


def test_held_apart_petitions_get_most_of_their_boundaries_back(reader):
    """The held-out petitions of tests/nlp (never read by the reader) with their punctuation
    removed: the boundaries found are mostly where the writer put one."""
    found = right = total = 0
    with (Path(__file__).with_name("holdout.csv")).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = row["text"]
            plain = "".join(c for c in text if c not in _PUNCT)
            if len(plain) < RUN_MIN or plain == text:
                continue
            gold, n = set(), 0
            for ch in text:
                if ch in _PUNCT:
                    gold.add(n)
                else:
                    n += 1
            out = reader.punctuate(plain)
            got, n = set(), 0
            for ch in out:
                if ch == "，":
                    got.add(n)
                else:
                    n += 1
            found += len(got)
            right += len(got & gold)
            total += len(gold - {0, n})
    assert total >= 80
    print(f"precision {right / found:.3f} recall {right / total:.3f} ({total} boundaries)")
    assert right / found >= 0.65 and right / total >= 0.3, (right, found, total)


def test_the_trained_weights_are_kept_in_the_cache_and_a_damaged_cache_is_trained_again(tmp_path):
    first = BoundaryReader.load(CONFIG, tmp_path)
    saved = list(tmp_path.glob("boundaries-*.json"))
    assert len(saved) == 1
    again = BoundaryReader.load(CONFIG, tmp_path)
    assert again.weights == first.weights and again.prior == first.prior
    saved[0].write_text("{not json", "utf-8")
    third = BoundaryReader.load(CONFIG, tmp_path)
    assert third.weights == first.weights
    assert json.loads(saved[0].read_text("utf-8"))["prior"] == first.prior


def test_a_paste_or_a_key_held_down_is_not_read_as_speech(reader):
    held = "路坏了" + "很久" * 300
    assert reader.punctuate(held) == held
    document = "，".join([RUN_ON[0]] * 14)  # (a long document: over a thousand characters)
    assert len(document) > 1000 and reader.punctuate(document) == document


# ---- the commas are for reading: as_typed (issue 14, round 8)

def test_as_typed_takes_out_only_the_commas_the_citizen_did_not_type():
    typed = "俺们庄子东头那个养猪场一到夏天就臭得不得了，找过村里好几趟"
    assert as_typed("俺们庄子东头那个养猪场一到，夏天就臭得不得了，找过村里好几趟", [typed]) == typed


def test_as_typed_keeps_a_comma_standing_for_words_taken_out():
    typed = "路灯坏了三个月我电话13952417736希望尽快修好"
    assert as_typed("路灯坏了三个月，希望尽快修好", [typed]) == "路灯坏了三个月，希望尽快修好"


def test_as_typed_keeps_a_comma_typed_in_any_message():
    first, later = "门口的沟，臭得很", "门口的沟臭得很 一直没人管"
    assert as_typed("门口的沟，臭得很", [first, later]) == "门口的沟，臭得很"
