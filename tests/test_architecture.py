"""The package's structure: no import cycles and no imports of another module's private names.

The import graph is read from the source with `ast` (every import, function-level ones included): a package's
`__init__` importing its submodules while a submodule imports from the package is a cycle too. Run this file
(`python tests/test_architecture.py`) to print the cycles and private imports.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "stdcheck"

def modules(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package at `root`."""
    out = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _target(mods: dict[str, Path], module: str, node: ast.ImportFrom) -> str:
    """The absolute name of the module a `from … import` names."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if mods[module].name == "__init__.py" else module.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph(root: Path) -> tuple[dict[str, set[str]], list[tuple[str, str, str]]]:
    """(module -> the package's modules it imports, [(importer, module, private name)])."""
    mods = modules(root)
    top = root.name
    graph: dict[str, set[str]] = {m: set() for m in mods}
    private = []
    for module, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = _target(mods, module, node)
                if target != top and not target.startswith(top + "."):
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    if sub in mods:
                        graph[module].add(sub)
                    elif target in mods:
                        graph[module].add(target)
                    if alias.name.startswith("_") and not alias.name.startswith("__") and sub not in mods:
                        private.append((module, target, alias.name))
            elif isinstance(node, ast.Import):
                graph[module].update(alias.name for alias in node.names if alias.name in mods)
    return graph, private


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in graph:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(frozenset(component))
    return found


def test_no_import_cycles():
    graph, _ = import_graph(PACKAGE)
    found = [sorted(c) for c in cycles(graph)]
    assert not found, f"import cycles (break them, e.g. by moving a shared name into a leaf module): {found}"


def test_no_private_imports():
    _, private = import_graph(PACKAGE)
    assert not private, f"imports of another module's private names (make the name public): {sorted(private)}"


def test_the_checks_see_cycles_and_private_imports(tmp_path):
    """The detector itself: a package whose __init__ imports a submodule that imports from the package, a
    function-level import closing a cycle, and a private import."""
    pkg = tmp_path / "stdcheck"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from . import a\n")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("X = 1\n\ndef f():\n    from .sub.c import _hidden\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "c.py").write_text("from .. import a\n_hidden = 1\n")
    (pkg / "leaf.py").write_text("from .a import b\n")
    graph, private = import_graph(pkg)
    assert cycles(graph) == [frozenset({"stdcheck.a", "stdcheck.b", "stdcheck.sub.c"})]
    assert private == [("stdcheck.b", "stdcheck.sub.c", "_hidden")]
    (pkg / "a.py").write_text("from . import b\nfrom stdcheck import X\n")
    assert frozenset({"stdcheck", "stdcheck.a", "stdcheck.b", "stdcheck.sub.c"}) in cycles(import_graph(pkg)[0])


if __name__ == "__main__":
    graph, private = import_graph(Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE)
    found = cycles(graph)
    print(f"cycles: {len(found)} ({sum(map(len, found))} modules)")
    for c in found:
        print("  ", sorted(c))
    print(f"private imports: {len(private)}")
    for p in private:
        print("  ", p)
