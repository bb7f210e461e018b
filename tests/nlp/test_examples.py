"""Reading labelled CSVs as county staff produce them (Excel: BOM or GBK)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from nlp.examples import Example, ExamplesError, compose, read_csv

ROWS = "text,category,nature\n小区路灯坏了半个月,城乡建设,求决\n老板拖欠工资,labour_security,\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_encodings_excel_writes(tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "x.csv"
    f.write_bytes(ROWS.encode(encoding))
    assert read_csv(f) == [Example("小区路灯坏了半个月", "城乡建设", "求决"),
                           Example("老板拖欠工资", "labour_security", "")]


def test_label_column_and_blank_lines(tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text(" text , label \n停水了,水务\n\n,\n停电了,电力\n", encoding="utf-8")
    assert [e.category for e in read_csv(f)] == ["水务", "电力"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"content,kind\n\xe5\x81\x9c,x\n", "header must name"),
        ("text,category\n停水了,\n".encode(), "x.csv:2"),
        (b"text,category\n", "no examples"),
        (b"\xff\xfe\x00t\x00e\x00x\x00t", "UTF-8 or GBK"),
    ],
)
def test_bad_files_are_clear_errors(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "x.csv"
    f.write_bytes(content)
    with pytest.raises(ExamplesError, match=message):
        read_csv(f)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExamplesError, match="nope.csv"):
        read_csv(tmp_path / "nope.csv")


# ---- composed examples ------------------------------------------------------------------------
CONFIG = Path(__file__).resolve().parents[2] / "config"
HELDOUT = Path(__file__).with_name("composed_heldout.toml")
SPEC = """
seed = 7
[fill]
town = ["塔集镇"]
[registers]
sms = ["{town}{core}"]
voice = ["喂{core}"]
letter = ["尊敬的领导：{core}此致敬礼！"]
voice_fillers = ["那个"]
[asks]
"求决" = ["请求解决。"]
[cells.transport]
"求决" = ["村口的桥，护栏断了。", "公交车一小时一班。"]
"""


def test_compose_writes_each_core_in_each_register(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text(SPEC, encoding="utf-8")
    out = compose(f)
    assert len(out) == 6 and {(e.category, e.nature) for e in out} == {("transport", "求决")}
    texts = [e.text for e in out]
    assert any(t.startswith("塔集镇村口的桥") for t in texts)  # sms: the frame filled in
    voice = [t for t in texts if t.startswith("喂")]
    assert len(voice) == 2 and not any(ch in t for t in voice for ch in "，。？！")
    assert any(t.startswith("尊敬的领导：") and t.endswith("此致敬礼！") for t in texts)
    assert compose(f) == out  # deterministic (seeded)


def test_compose_registers_per_core(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text("registers_per_core = 1\n" + SPEC, encoding="utf-8")
    assert len(compose(f)) == 2


def test_compose_nature_only_files(tmp_path: Path) -> None:
    """`category = false`: the file's examples train the nature model only; anything but a
    boolean is a clear error naming the file."""
    f = tmp_path / "c.toml"
    f.write_text(SPEC, encoding="utf-8")
    assert all(e.for_category for e in compose(f))
    f.write_text("category = false\n" + SPEC, encoding="utf-8")
    assert [e.for_category for e in compose(f)] == [False] * 6
    f.write_text('category = "no"\n' + SPEC, encoding="utf-8")
    with pytest.raises(ExamplesError, match="c.toml.*category"):
        compose(f)


def test_compose_bad_file_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text("[cells.transport]\n求决 = [\"x\"]\n", encoding="utf-8")
    with pytest.raises(ExamplesError, match="c.toml"):
        compose(f)


def _cores(path: Path) -> set[str]:
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    return {c for cell in spec["cells"].values() for cores in cell.values() for c in cores}


def test_heldout_is_written_apart_from_training() -> None:
    """No core, frame or ask of the held-out file is in the training file, and no held-out
    petition is a training petition."""
    train_files = sorted((CONFIG / "nlp" / "examples").glob("*.toml"))
    assert len(train_files) >= 2
    held = tomllib.loads(HELDOUT.read_text(encoding="utf-8"))
    for train_file in train_files:
        assert not _cores(train_file) & _cores(HELDOUT), train_file.name
        train = tomllib.loads(train_file.read_text(encoding="utf-8"))
        for register in ("sms", "voice", "letter"):
            # the bare "{core}" (an SMS of the matter alone) is no phrasing of its own
            assert not set(train["registers"][register]) & set(held["registers"][register]) - {
                "{core}"}
        for nature, asks in held["asks"].items():
            assert not {a for a in asks if a} & set(train["asks"][nature])
        assert not {e.text for e in compose(train_file)} & {e.text for e in compose(HELDOUT)}


def test_heldout_csv_is_the_composed_file() -> None:
    assert read_csv(HELDOUT.with_suffix(".csv")) == compose(HELDOUT)
