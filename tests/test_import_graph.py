"""The packages' import graph: no circle anywhere (imports under TYPE_CHECKING and inside
functions included), and the layers hold: nothing in bot/, dialogs/ or nlp/ imports channels/
(channels are loaded by name, see bot/channel_registry.py), dialogs/ and nlp/ import no bot/.

The graph is read from the source with ast, so it sees every import statement, whether or not
it runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "channels", "dialogs", "nlp")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `name` imports (`from a import b` is a.b when that is a module)."""
    out: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


def graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    # A package's __init__ is not an edge of its own (importing a.b runs a/__init__, which is
    # checked on its own account): drop edges to bare packages that define nothing.
    return {name: _imports(name, path, known) for name, path in mods.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_the_reader_sees_type_checking_and_local_imports(tmp_path: Path) -> None:
    g = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(g) == [["a", "b", "c"]]
    src = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from dialogs.engine import X\n"
           "def f():\n    import nlp.entities\n")
    p = tmp_path / "m.py"
    p.write_text(src, encoding="utf-8")
    assert _imports("dialogs.m", p, {"dialogs.engine", "nlp.entities", "nlp"}) == {
        "dialogs.engine", "nlp.entities"}


def test_no_import_circle_anywhere() -> None:
    assert cycles(graph()) == []


def test_layers() -> None:
    g = graph()
    for name, deps in g.items():
        top = name.split(".")[0]
        if top in ("bot", "dialogs", "nlp"):
            assert not [d for d in deps if d.split(".")[0] == "channels"], name
        if top in ("dialogs", "nlp"):
            assert not [d for d in deps if d.split(".")[0] == "bot"], name
