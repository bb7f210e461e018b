"""Labelled examples from CSV files: header with `text` and `category` (or `label`), optional
`nature`. Labels stay as written; mapping them to taxonomy codes is the caller's business, so the
same reader serves the county model and any other label set (e.g. the Teddy Cup data)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class ExamplesError(ValueError):
    """A CSV of examples cannot be used; the message names the file and row."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    category: str
    nature: str = ""


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030: Excel on a Chinese Windows saves CSV as GBK."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def read_csv(path: Path) -> list[Example]:
    try:
        content = _decode(path.read_bytes())
    except OSError as exc:
        raise ExamplesError(f"{path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ExamplesError(f"{path}: not a CSV in UTF-8 or GBK ({exc})") from exc
    try:
        out = _rows(path, csv.DictReader(io.StringIO(content, newline="")))
    except csv.Error as exc:
        raise ExamplesError(f"{path}: not a valid CSV ({exc})") from exc
    if not out:
        raise ExamplesError(f"{path}: no examples")
    return out


def _rows(path: Path, reader: csv.DictReader) -> list[Example]:
    fields = [f.strip() for f in reader.fieldnames or []]
    reader.fieldnames = fields
    label_field = "category" if "category" in fields else "label"
    if "text" not in fields or label_field not in fields:
        raise ExamplesError(
            f"{path}: the header must name columns text and category (or label); found {fields}"
        )
    out = []
    for line, row in enumerate(reader, start=2):
        text = (row.get("text") or "").strip()
        label = (row.get(label_field) or "").strip()
        if not text and not label:
            continue
        if not text or not label:
            raise ExamplesError(f"{path}:{line}: text and {label_field} must be non-empty")
        out.append(Example(text, label, (row.get("nature") or "").strip()))
    return out


def read_many(paths: Iterable[Path]) -> list[Example]:
    out: list[Example] = []
    for p in paths:
        out.extend(read_csv(p))
    return out
