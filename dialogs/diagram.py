"""The flow diagram of the intake dialog (Mermaid), generated from the state table.

`python -m dialogs.diagram` prints it for the README, so the picture is never drawn by hand
and cannot drift from what the engine does.
"""

from __future__ import annotations

from dialogs.states import ANYTIME, COLLECT, GROUPS, STATES, TABLE


def _node(name: str) -> str:
    s = STATES[name]
    expecting = f"<br/><i>expecting: {s.expecting}</i>" if s.expecting else ""
    return f'{name}["<b>{name}</b><br/>{s.note}{expecting}"]'


def mermaid() -> str:
    lines = ["flowchart TD"]
    members = set(GROUPS[COLLECT])
    for s in TABLE:
        if s.name not in members:
            lines.append("    " + _node(s.name))
    lines.append(f'    subgraph {COLLECT}["收集：任意顺序，一条消息可含多项，只问缺的"]')
    for name in GROUPS[COLLECT]:
        lines.append("        " + _node(name))
    lines.append("    end")
    seen: set[tuple[str, str]] = set()
    for s in TABLE:
        src = COLLECT if s.name in members else s.name
        for dst in s.goes_to:
            dst_node = COLLECT if dst in members else dst
            if (src, dst_node) in seen or src == dst_node:
                continue
            seen.add((src, dst_node))
            lines.append(f"    {src} --> {dst_node}")
    lines.append('    anystate(("任意状态"))')
    for dst, why in ANYTIME.items():
        target = COLLECT if dst in members else dst
        lines.append(f'    anystate -. "{why}" .-> {target}')
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(mermaid(), end="")
