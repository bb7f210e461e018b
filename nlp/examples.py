"""Labelled examples from CSV files: header with `text` and `category` (or `label`), optional
`nature`. Labels stay as written; mapping them to taxonomy codes is the caller's business, so the
same reader serves the county model and any other label set (e.g. the Teddy Cup data)."""

from __future__ import annotations

import csv
import io
import random
import tomllib
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
    # How much the example counts in training relative to others of its label (the learner's
    # sample weight): composed examples and staff decisions count less than written ones.
    weight: float = 1.0
    # False: the example trains the nature model only. Composed examples made from templates
    # teach the force of a request on every topic, but the category model overfits their
    # phrasing (measured on independent petitions, tests/nlp/heldout_petitions_b.csv).
    for_category: bool = True


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


# ---- composed examples -----------------------------------------------------------------------
# Written petitions are few; a category x nature x register grid of them is composed from a TOML
# file of "cores" (the matter, phrased in the force of its nature), asks, frames and fillers (see
# config/nlp/examples/composed.toml). Composition is deterministic (seeded), so a model trained
# on it is reproducible and the default-model cache digest covers it.

REGISTERS = ("sms", "voice", "letter")
_PUNCT = "，。？！：；、,.?!:;“”\"' "


def compose(path: Path) -> list[Example]:
    """Every core of every (category, nature) cell written out in `registers_per_core` of the
    registers (all three unless the file says otherwise)."""
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        fill: dict[str, list[str]] = spec["fill"]
        frames: dict[str, list[str]] = spec["registers"]
        asks: dict[str, list[str]] = spec["asks"]
        fillers: list[str] = frames.get("voice_fillers", [""])  # type: ignore[assignment]
        cells: dict[str, dict[str, list[str]]] = spec["cells"]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ExamplesError(f"{path}: {exc}") from exc
    rng = random.Random(int(spec.get("seed", 0)))
    per_core = int(spec.get("registers_per_core", len(REGISTERS)))
    weight = float(spec.get("weight", 1.0))  # in training, relative to written examples
    if not weight > 0:
        raise ExamplesError(f"{path}: weight must be positive")
    for_category = spec.get("category", True)  # false: the nature model's examples only
    if not isinstance(for_category, bool):
        raise ExamplesError(f"{path}: category must be true or false")
    out: list[Example] = []
    for category, natures in cells.items():
        for nature, cores in natures.items():
            for k, core in enumerate(cores):
                for register in _registers(k, per_core):
                    text = _render(core, asks.get(nature, [""]), frames[register], fillers,
                                   register, fill, rng)
                    out.append(Example(text, category, nature, weight, for_category))
    return out


def _render(core: str, asks: list[str], frames: list[str], fillers: list[str], register: str,
            fill: dict[str, list[str]], rng: random.Random) -> str:
    values = {k: rng.choice(v) for k, v in fill.items()}
    ask = rng.choice(asks)
    if register == "sms":
        # SMS: the matter cut short, often without the ask or closing punctuation
        body = core.rstrip("。")
        if ask and rng.random() < 0.5:
            body += ("" if body.endswith(("？", "！")) else "，") + ask
    elif register == "voice":
        # voice input: no punctuation, clauses run together with spoken fillers
        clauses = [c for c in _split_clauses(core + ask) if c]
        body = ""
        for i, c in enumerate(clauses):
            if i and rng.random() < 0.4:
                body += rng.choice(fillers)
            body += c
    else:
        body = core + ask
    text = rng.choice(frames).replace("{core}", body)
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    if register == "voice":
        text = "".join(ch for ch in text if ch not in _PUNCT)
    return text


def _registers(k: int, per_core: int) -> tuple[str, ...]:
    """The registers core number k is written in: `per_core` of them, taken in turn, so that
    every register gets the same share of each cell."""
    n = len(REGISTERS)
    return tuple(REGISTERS[(k + j) % n] for j in range(min(max(per_core, 1), n)))


def _split_clauses(text: str) -> list[str]:
    parts, cur = [], ""
    for ch in text:
        if ch in _PUNCT:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def main(argv: list[str] | None = None) -> int:
    """`python -m nlp.examples FILE.toml`: the composed examples as CSV on standard output
    (text,category,nature), e.g. to write the held-out set for `petition-bot eval`."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m nlp.examples FILE.toml > FILE.csv", file=sys.stderr)
        return 2
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(("text", "category", "nature"))
    for e in compose(Path(args[0])):
        writer.writerow((e.text, e.category, e.nature))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
