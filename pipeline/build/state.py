"""What the last builds made: output/.build-state.json, a versioned store of each output's fingerprint (the hash
of exactly what it is made from) and of each finished build's inputs, so a build renders only what changed and
a build whose inputs did not change stops after hashing them."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from pipeline import files
from pipeline.assemble import Document
from pipeline.errors import FileError
from pipeline.project import PACKAGE, TEMPLATES

STATE_FILE = ".build-state.json"
#: The store's layout; a file of another version (or none) is read as empty: everything is rebuilt once.
VERSION = 1
#: What renders a document besides its Markdown: a change to any of these rebuilds every output.
RENDERING = (TEMPLATES, PACKAGE / "filters", PACKAGE / "render", PACKAGE / "tools" / "pandoc.py",
             PACKAGE / "tools" / "typst_pdf.py", PACKAGE / "house.py", PACKAGE / "templating.py")


@dataclass(frozen=True)
class Finished:
    """A build that ran to its end: the digest of its inputs, how many outputs it covers, its languages."""

    inputs: str
    outputs: int
    languages: tuple[str, ...]


@cache
def toolchain() -> bytes:
    """The hash of the renderers: pandoc's and Typst's versions, the templates, filters and rendering modules."""
    from pipeline.tools import pandoc, typst_pdf

    digest = hashlib.sha256(f"{pandoc.version()} {typst_pdf.version()}".encode())
    for root in RENDERING:
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def inputs_digest(paths: list[Path], revision: str, fixed: int | None) -> str:
    """The hash of every file a build reads, the revision and the fixed date: equal means the last build is
    current. This is what makes a no-op build cheap: it skips loading the source (YAML with line numbers is slow)."""
    digest = hashlib.sha256(toolchain() + f"{revision}\0{fixed}\0".encode())
    for path in paths:
        try:
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
        except OSError as exc:
            raise FileError.from_os(exc) from None
    return digest.hexdigest()


def fingerprint(doc: Document, fmt: str) -> str:
    """The hash of exactly what `doc` in `fmt` is made from: its Markdown, date, cover texts and the renderers."""
    digest = hashlib.sha256(toolchain())
    digest.update(f"{fmt}\0{doc.epoch}\0{doc.cover!r}\0".encode() + doc.markdown.encode())
    return digest.hexdigest()


def key(doc: Document, fmt: str) -> str:
    """An output's name under the output folder: `fr/handouts/police.pdf` (`preview/de/…` for a preview)."""
    return f"{doc.folder}/{doc.name}.{fmt}"


class State:
    """The store as this build sees it: what earlier builds recorded, and what this one changes."""

    def __init__(self, outputs: dict[str, str], builds: dict[str, Finished]) -> None:
        self.outputs, self.builds = outputs, builds
        self.changed: dict[str, str] = {}
        self.finished_now: dict[str, Finished] = {}
        self.removed: set[str] = set()

    @classmethod
    def load(cls, out: Path) -> State:
        try:
            data = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
            if data.get("version") != VERSION:
                return cls({}, {})
            builds = {k: Finished(v["inputs"], int(v["outputs"]), tuple(v["languages"]))
                      for k, v in data["builds"].items()}
            return cls(dict(data["outputs"]), builds)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls({}, {})

    def stale(self, doc: Document, formats: tuple[str, ...], out: Path) -> tuple[str, ...]:
        """The formats of `doc` to render: those whose fingerprint changed or whose file is gone."""
        return tuple(f for f in formats if self.outputs.get(key(doc, f)) != fingerprint(doc, f)
                     or not (out / key(doc, f)).exists())

    def record(self, doc: Document, formats: tuple[str, ...]) -> None:
        self.changed.update({key(doc, f): fingerprint(doc, f) for f in formats})

    def prune(self, keep: set[str], out: Path) -> None:
        """Delete the outputs an earlier build made that the edition no longer has (a theme or language removed)."""
        for name in sorted(set(self.outputs) - keep):
            (out / name).unlink(missing_ok=True)
            self.removed.add(name)

    def finished(self, config: str, inputs: str, out: Path) -> Finished | None:
        """The build with these `config` and `inputs`, when one ran to its end and its outputs are all still there."""
        done = self.builds.get(config)
        if done is None or done.inputs != inputs or not all((out / name).exists() for name in self.outputs):
            return None
        return done

    def finish(self, config: str, done: Finished) -> None:
        self.finished_now[config] = done

    def save(self, out: Path) -> None:
        """Merge this build's records into the state file, under a lock (`make -j2` may run two builds)."""
        if not self.changed and not self.removed and not self.finished_now:
            return
        import fcntl

        out.mkdir(parents=True, exist_ok=True)
        (out / f"{STATE_FILE}.lock").unlink(missing_ok=True)  # the lock file earlier versions left in every folder
        lock = os.open(out, os.O_RDONLY)  # the folder itself is locked: a lock file would stay behind
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            stored = State.load(out)
            outputs = {k: v for k, v in (stored.outputs | self.changed).items() if k not in self.removed}
            builds = stored.builds | self.finished_now
            data = {"version": VERSION, "outputs": dict(sorted(outputs.items())),
                    "builds": {k: asdict(v) for k, v in sorted(builds.items())}}
            files.write_text(out / STATE_FILE, json.dumps(data, indent=1))
        finally:
            os.close(lock)
