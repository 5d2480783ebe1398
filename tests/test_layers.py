"""The house rules of geo/: each stage imports only from the stages below it, never in a loop.

Read statically from the sources (every import statement, module level or not), so a new
upward import fails here before it can become an import cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GEO = Path(__file__).resolve().parent.parent / "geo"
#: the stages bottom-up; the shared base (records, errors, settings, geom, lazy) is below them all
ORDER = ["text", "gazetteer", "geoparse", "events", "control", "io", "maps", "runner", "cli"]
BASE = {"records", "errors", "settings", "geom", "lazy", "boundary_data", "__version__"}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "geo" or len(parts) == 1:
        return None
    return parts[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names] if node.module == "geo" else [node.module]
            found += [(node.lineno, n) for n in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return [(line, name) for line, name in found if name == "geo" or name.startswith("geo.")]


MODULES = sorted(p for p in GEO.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(GEO)))
def test_a_module_imports_only_from_its_own_stage_or_below(path):
    rel = path.relative_to(GEO).parts
    own = rel[0] if len(rel) > 1 else None
    if own is None:  # geo/__init__.py offers the whole API; the base imports nothing above it
        if path.name == "__init__.py":
            return
        for line, name in _imports(path):
            assert _stage(name) in BASE, f"{path.name}:{line} imports {name}: the base must not import a stage"
        return
    for line, name in _imports(path):
        stage = _stage(name)
        if stage is None or stage in BASE or stage == own:
            continue
        assert stage in ORDER, f"{path}:{line} imports {name}, which is no stage"
        assert ORDER.index(stage) < ORDER.index(own), (
            f"geo/{'/'.join(rel)}:{line} imports {name}: {own} may import only from "
            f"{', '.join(ORDER[:ORDER.index(own)]) or 'the base'}")


def test_no_module_level_import_cycle():
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        name = ".".join(("geo", *path.relative_to(GEO).with_suffix("").parts)).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        deps = set()
        for node in tree.body:  # module level only: what runs at import
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("geo"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    deps.add(full if (GEO.parent / (full.replace(".", "/") + ".py")).exists() else node.module)
        graph[name] = deps

    def visit(node: str, stack: list[str]) -> None:
        for dep in graph.get(node, ()):
            assert dep not in stack, "import cycle: " + " -> ".join([*stack[stack.index(dep):], dep])
            visit(dep, [*stack, dep])

    for name in graph:
        visit(name, [name])
