"""No import runs back up the layers (docs/architecture.md).

Every module of the package is parsed (``ast``, so imports inside functions and under
``TYPE_CHECKING`` count too) and each ``desktop_search`` import is checked against the
layer order below. A package may import its own layer or a lower one, never a higher
one; the entry points at the top never import each other; only the GUI imports Qt.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import desktop_search

PACKAGE = Path(desktop_search.__file__).parent

# Lowest first. The same list is in docs/architecture.md.
LAYERS: tuple[tuple[str, ...], ...] = (
    # foundation
    ("paths", "settings", "logs", "process_name", "cores", "atomic_file", "file_lock", "text"),
    ("extract", "chunk", "scan", "watch", "store", "embed"),  # the parts
    ("indexing", "search", "team"),  # the flows (team libraries are searched by search/)
    ("app",),  # the processes and their wiring: library, indexer, search, team indexer
    ("eval",),  # quality measured through a whole library
    ("cli", "gui"),  # entry points: never import each other
    ("__main__",),  # ``python -m desktop_search`` starts the GUI
)
LAYER_OF = {name: n for n, layer in enumerate(LAYERS) for name in layer}
TOP = set(LAYERS[-2])  # cli and gui


def _part(module: str) -> str:
    """The first name under ``desktop_search`` (a subpackage or a top-level module)."""
    return module.split(".")[1]


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        found.append((".".join(rel.parts).removesuffix(".__init__"), path))
    return found


def _imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import in the source, at any depth."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            # ``from desktop_search import app`` names the subpackage in the alias
            if node.module == "desktop_search":
                out += [
                    (node.lineno, f"desktop_search.{a.name}")
                    for a in node.names
                    if (PACKAGE / a.name).is_dir() or (PACKAGE / f"{a.name}.py").is_file()
                ]
    return out


def _upward_imports(added: tuple[str, str] | None = None) -> list[str]:
    """What runs up the layers; ``added``: (file, source) appended to that file (tests)."""
    bad = []
    for module, path in _modules():
        if module == "desktop_search":
            continue
        source = _part(module)
        text = path.read_text(encoding="utf-8")
        if added and path.relative_to(PACKAGE).as_posix() == added[0]:
            text += added[1]
        for line, imported in _imports(text):
            where = f"{path.relative_to(PACKAGE.parent)}:{line} imports {imported}"
            if imported.split(".")[0] in ("PySide6", "shiboken6") and source != "gui":
                bad.append(f"{where} (only the GUI imports Qt)")
            if not imported.startswith("desktop_search.") or _part(imported) == source:
                continue
            target = _part(imported)
            if source not in LAYER_OF or target not in LAYER_OF:
                bad.append(f"{where} (a package missing from LAYERS: add it to its layer)")
            elif LAYER_OF[target] > LAYER_OF[source]:
                bad.append(f"{where} (layer {LAYER_OF[source]} imports layer {LAYER_OF[target]})")
            elif source in TOP and target in TOP:
                bad.append(f"{where} (entry points do not import each other)")
    return bad


def test_no_module_imports_a_higher_layer():
    assert _upward_imports() == []


def test_every_package_has_a_layer():
    parts = {_part(m) for m, _ in _modules() if m != "desktop_search"}
    assert parts - set(LAYER_OF) == set()


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("store/catalog.py", "from desktop_search.app.library import Library"),
        ("search/engine.py", "    from desktop_search.gui.status import StatusBar"),
        ("indexing/pipeline.py", "from PySide6.QtCore import QObject"),
        ("gui/launch.py", "from desktop_search.cli.main import main"),
    ],
)
def test_the_check_catches_an_upward_import(source, line):
    """The check itself fails on an arrow that runs up (so a pass means something)."""
    body = line if line.startswith(" ") else "    " + line
    assert len(_upward_imports((source, f"\n\ndef _added():\n{body}\n"))) == 1
