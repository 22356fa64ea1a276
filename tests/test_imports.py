"""The package's modules import each other without cycles, lazy imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"


def imports(path: Path, modules: set[str]) -> set[str]:
    """The package modules `path` imports (`from pipeline.x import y`, `from pipeline.x import module`,
    `import pipeline.x`, or relative), wherever the import stands; importing `a.b` imports its package `a` too."""
    module = ".".join(path.with_suffix("").relative_to(PACKAGE.parent).parts).removesuffix(".__init__")
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            base = (f"{base}.{node.module}" if node.module else base) if node.level else (node.module or "")
            for alias in node.names:  # `from a import b`: the module a.b, or a name of a (then a itself)
                named.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    found = {name for name in named if name in modules}
    # importing a.b.c runs a.b first, unless a.b is already running: it is a package `path` lies in
    parents = {".".join(name.split(".")[:i]) for name in found for i in range(2, name.count(".") + 1)}
    return found | {p for p in parents if not module.startswith(p + ".")}


def graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {".".join(p.with_suffix("").relative_to(PACKAGE.parent).parts).removesuffix(".__init__"): p
               for p in paths}
    return {m: imports(p, set(modules)) - {m} for m, p in modules.items()}


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
    assert {"pipeline.review", "pipeline.review.html", "pipeline.review.queries"} <= set(deps)
    assert "pipeline.review" in deps["pipeline.review.html"]
    assert cycle(deps) == []


def test_the_cycle_finder_finds_a_lazy_cycle() -> None:
    deps = graph()
    deps["pipeline.review"] = deps["pipeline.review"] | {"pipeline.review.html"}  # the lazy import it once had
    assert cycle(deps) in (["pipeline.review", "pipeline.review.html", "pipeline.review"],
                           ["pipeline.review.html", "pipeline.review", "pipeline.review.html"])


def test_every_data_file_of_the_package_is_shipped_with_it() -> None:
    """A file the package reads at run time (schema, Lua filter, Java source) is in pyproject's package-data."""
    import fnmatch
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["pipeline"]
    data = [p.relative_to(PACKAGE).as_posix() for p in sorted(PACKAGE.rglob("*"))
            if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert {"tools/java/EpubCheckBatch.java", "filters/manifesto.lua", "schema/theme.schema.json"} <= set(data)
    assert [f for f in data if not any(fnmatch.fnmatch(f, g) for g in globs)] == []


#: The stages from the bottom up: a module imports only from its own layer or the layers below it, so data
#: flows one way (source → check, catalogues → localise → assemble → render → build, audit, review → CLI).
LAYERS = (
    {"pipeline", "errors", "project", "files", "safety", "findings", "langtag", "markup", "model", "house",
     "yamlsource", "typography", "templating"},
    {"tools"},
    {"source"},
    {"check", "catalog"},
    {"qa", "localise"},
    {"assemble"},
    {"render"},
    {"build", "audit", "review"},
    {"cli", "__main__"},
)


def test_no_stage_imports_a_later_one() -> None:
    def layer(module: str) -> int:
        name = module.split(".")[1] if "." in module else module
        return next(i for i, names in enumerate(LAYERS) if name in names)

    deps = graph()
    assert {m.split(".")[1] for m in deps if "." in m} <= set().union(*LAYERS)  # every module has its layer
    assert [(m, d) for m, ds in sorted(deps.items()) for d in sorted(ds) if layer(d) > layer(m)] == []
