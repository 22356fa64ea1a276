"""The package's modules import each other without cycles, lazy imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"


def imports(path: Path) -> set[str]:
    """The package modules `path` imports (`from . import x`, `from .x import y`), wherever the import stands."""
    module = ".".join(path.with_suffix("").relative_to(PACKAGE.parent).parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
        if node.module:
            found.add(f"{base}.{node.module}")
        else:
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {".".join(p.with_suffix("").relative_to(PACKAGE.parent).parts): p for p in paths}
    return {m: {d for d in imports(p) if d in modules and d != m} for m, p in modules.items()}


def cycle(deps: dict[str, set[str]]) -> list[str]:
    """One import cycle of `deps` (a path that comes back to its start), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for dep in sorted(deps[module]):
            if state.get(dep) == 1:
                return path[path.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        path.pop()
        state[module] = 2
        return []

    return next((found for m in sorted(deps) if m not in state and (found := visit(m))), [])


def test_the_package_has_no_import_cycle() -> None:
    deps = graph()
    assert {"pipeline.review", "pipeline.review_html", "pipeline.queries"} <= set(deps)
    assert "pipeline.review" in deps["pipeline.review_html"]
    assert cycle(deps) == []


def test_the_cycle_finder_finds_a_lazy_cycle() -> None:
    deps = graph()
    deps["pipeline.review"] = deps["pipeline.review"] | {"pipeline.review_html"}  # the lazy import it once had
    assert cycle(deps) in (["pipeline.review", "pipeline.review_html", "pipeline.review"],
                           ["pipeline.review_html", "pipeline.review", "pipeline.review_html"])


def test_every_data_file_of_the_package_is_shipped_with_it() -> None:
    """A file the package reads at run time (schema, Lua filter, Java source) is in pyproject's package-data."""
    import fnmatch
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["pipeline"]
    data = [p.relative_to(PACKAGE).as_posix() for p in sorted(PACKAGE.rglob("*"))
            if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert {"java/EpubCheckBatch.java", "filters/manifesto.lua", "schema/theme.schema.json"} <= set(data)
    assert [f for f in data if not any(fnmatch.fnmatch(f, g) for g in globs)] == []
