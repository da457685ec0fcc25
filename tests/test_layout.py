"""The house by stage: who may import whom, no import cycles, no long modules.

Every module under ``landscape/`` is parsed with :mod:`ast` (nothing is
imported or run) and every ``landscape.*`` import is taken, at module level,
inside functions and under ``if TYPE_CHECKING:`` alike. The rooms and what each
may import:

* shared modules (``model``, ``settings``, ``errors``, ``problems``,
  ``catalogue``, ``_text``, ``_cells``): only each other;
* the stages, in order ``read < normalise < link < analyse < render``: the
  shared modules, earlier stages and their own stage;
* ``sample`` (it generates files and reads nothing of ours): the shared modules
  and itself;
* ``pipeline``: the shared modules, every stage and ``sample``;
* ``cli`` and ``landscape/__init__.py``: everything. Nothing else imports
  ``pipeline`` or ``cli`` (so render never depends on the build).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
SHARED = frozenset({"model", "settings", "errors", "problems", "catalogue", "_text", "_cells"})
STAGES = ("read", "normalise", "link", "analyse", "render")
TOP = "(package)"  # landscape/__init__.py


def _allowed(room: str) -> frozenset[str]:
    """The rooms ``room`` may import (its own room included)."""
    if room == "shared":
        return frozenset({"shared"})
    if room in STAGES:
        return frozenset({"shared", *STAGES[: STAGES.index(room) + 1]})
    if room == "sample":
        return frozenset({"shared", "sample"})
    if room == "pipeline":
        return frozenset({"shared", *STAGES, "sample", "pipeline"})
    return frozenset({"shared", *STAGES, "sample", "pipeline", "cli", TOP})  # cli, the package


def _room(module: str, package: str) -> str | None:
    """The room of a dotted module name, or None for a module placed in no room."""
    parts = module.split(".")
    if parts == [package]:
        return TOP
    first = parts[1]
    if first in SHARED:
        return "shared"
    if first in {*STAGES, "sample", "pipeline", "cli"}:
        return first
    return None


def _module_names(root: Path, package: str) -> dict[str, Path]:
    """Dotted name of every module of the package (a package by its ``__init__``)."""
    names = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _imports(name: str, path: Path, modules: dict[str, Path], package: str) -> set[str]:
    """The package's modules that module ``name`` imports, anywhere in its body."""
    is_package = path.name == "__init__.py"
    found = set()

    def resolve(dotted: str) -> str | None:
        # The longest prefix that is one of our modules ("landscape.read.tables.Table"
        # is landscape.read.tables).
        parts = dotted.split(".")
        while parts:
            candidate = ".".join(parts)
            if candidate in modules:
                return candidate
            parts.pop()
        return None

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if is_package else name.split(".")[:-1]
                anchor = here[: len(here) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # "from a import b" imports the module a.b when there is one, else a name of a.
            targets = [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            if target == package or target.startswith(package + "."):
                module = resolve(target)
                if module is not None and module != name:
                    found.add(module)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def check_layout(root: Path, package: str = "landscape", *,
                 max_lines: int = MAX_LINES) -> list[str]:
    """Return one line per breach of the house rules for the package under ``root``."""
    modules = _module_names(root, package)
    graph = {name: _imports(name, path, modules, package) for name, path in modules.items()}
    problems = []
    for name in sorted(modules):
        room = _room(name, package)
        if room is None:
            problems.append(f"room: {name} is in no room (shared, a stage, sample, pipeline, cli)")
            continue
        for target in sorted(graph[name]):
            target_room = _room(target, package)
            if target_room is not None and target_room not in _allowed(room):
                problems.append(f"import: {name} ({room}) imports {target} ({target_room})")
    problems.extend(f"cycle: {' <-> '.join(cycle)}" for cycle in _cycles(graph))
    for name, path in sorted(modules.items()):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > max_lines:
            problems.append(f"length: {name} has {lines} lines (at most {max_lines})")
    return problems


def test_the_house_rules_hold() -> None:
    problems = check_layout(ROOT)
    assert not problems, f"{len(problems)} breaches of the house rules:\n" + "\n".join(problems)


# ----------------------------------------------------- the checker, proven


def _tree(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


CLEAN = {
    "landscape/__init__.py": "from landscape.pipeline import run\n",
    "landscape/errors.py": "class InputError(ValueError):\n    pass\n",
    "landscape/read/__init__.py": "",
    "landscape/read/tables.py": "from landscape.errors import InputError\n",
    "landscape/normalise/__init__.py": "",
    "landscape/normalise/dates.py": "from ..read import tables\n",
    "landscape/render/__init__.py": "",
    "landscape/render/page.py": "from landscape.normalise.dates import parse\n",
    "landscape/pipeline.py": "import landscape.render.page\nfrom landscape.read import tables\n",
    "landscape/cli/__init__.py": "from landscape.cli.commands import main\n",
    "landscape/cli/commands.py": "from landscape import pipeline\n",
}


def test_checker_passes_a_clean_tree(tmp_path: Path) -> None:
    assert check_layout(_tree(tmp_path, CLEAN)) == []


def test_checker_finds_backward_imports_and_cycles(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        **CLEAN,
        # read reaches forward into render, inside a function: a backward import.
        "landscape/read/tables.py": ("from landscape.errors import InputError\n\n\n"
                                     "def f():\n    from landscape.render import page\n"),
        # render takes the result type from the build, only for type checking: a breach,
        # and a cycle with the pipeline, which imports render.
        "landscape/render/page.py": ("from typing import TYPE_CHECKING\n"
                                     "from .. import normalise\n"
                                     "if TYPE_CHECKING:\n"
                                     "    from landscape.pipeline import Result\n"),
        "landscape/pipeline.py": "import landscape.render.page\n",
        # a shared module and a stage importing each other: a breach and a cycle.
        "landscape/errors.py": "from landscape.read.tables import f\n",
        "landscape/stray.py": "x = 1\n" * 6,
    })
    assert check_layout(tree, max_lines=5) == [
        "import: landscape.errors (shared) imports landscape.read.tables (read)",
        "import: landscape.read.tables (read) imports landscape.render.page (render)",
        "import: landscape.render.page (render) imports landscape.pipeline (pipeline)",
        "room: landscape.stray is in no room (shared, a stage, sample, pipeline, cli)",
        "cycle: landscape.errors <-> landscape.read.tables",
        "cycle: landscape.pipeline <-> landscape.render.page",
        "length: landscape.stray has 6 lines (at most 5)",
    ]


def test_checker_resolves_relative_and_package_imports(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        **CLEAN,
        "landscape/read/tables.py": "from . import schema\nfrom .schema import COLUMNS\n",
        "landscape/read/schema.py": "from landscape.read import tables\n",
        "landscape/sample/__init__.py": "from landscape.sample.generate import write\n",
        "landscape/sample/generate.py": "import landscape.normalise.dates as d\n",
    })
    assert check_layout(tree) == [
        "import: landscape.sample.generate (sample) imports landscape.normalise.dates (normalise)",
        "cycle: landscape.read.schema <-> landscape.read.tables",
    ]


def test_every_public_name_resolves() -> None:
    """Each name of ``landscape.__all__`` loads from the module its lazy table names."""
    import landscape  # noqa: PLC0415

    homes = landscape._HOME_OF  # noqa: SLF001
    assert set(landscape.__all__) - {"__version__"} == set(homes)
    for name in landscape.__all__:
        value = getattr(landscape, name)
        if name != "__version__":
            assert getattr(importlib.import_module(homes[name]), name) is value
