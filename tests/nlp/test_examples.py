"""Reading labelled CSVs as county staff produce them (Excel: BOM or GBK)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.examples import Example, ExamplesError, read_csv

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
