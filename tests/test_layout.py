"""Layout rules of the package, checked on the source (issue 14): read symml/ as ASTs.

* no module imports another module's private (``_underscore``) names;
* no import cycles between symml's modules (imports inside functions count too: a cycle
  hidden in a function is still a cycle).
"""

import ast
from pathlib import Path

import symml

ROOT = Path(symml.__file__).parent


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = ["symml", *path.relative_to(ROOT).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return out


def _imports(modules):
    """(importer, imported module, name or None) for every import of a symml module."""
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                for alias in node.names:
                    if f"{base}.{alias.name}" in modules:
                        yield name, f"{base}.{alias.name}", None
                    elif base in modules:
                        yield name, base, alias.name
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules:
                        yield name, alias.name, None


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    return found


def test_no_module_imports_another_modules_private_names():
    modules = _modules()
    private = [
        f"{importer} imports {name} from {source}"
        for importer, source, name in _imports(modules)
        if name is not None and name.startswith("_") and not name.startswith("__") and source != importer
    ]
    assert private == []


def test_no_import_cycles():
    modules = _modules()
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for importer, source, _ in _imports(modules):
        if source != importer:
            edges[importer].add(source)
    assert _cycles(edges) == []


def test_the_cycle_check_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
