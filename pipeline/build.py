"""The build: load -> localise -> assemble -> render every edition, rebuilding only outputs whose inputs changed."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from . import assemble, files
from .assemble import TEMPLATES, Document, Imprint
from .errors import ConfigError, FileError, Origin, PipelineError, ReleaseError

if TYPE_CHECKING:
    from .localise import LEdition, Translation

FORMATS: tuple[str, ...] = ("docx", "pdf", "epub")


@dataclass(frozen=True)
class BuildConfig:
    source: Path = Path("source")
    out: Path = Path("output")
    translations: Path = Path("translations")
    langs: tuple[str, ...] = ()  # empty: every language the edition declares
    themes: tuple[str, ...] = ()  # given: only these themes' handouts (no full edition)
    formats: tuple[str, ...] = FORMATS
    handouts_only: bool = False
    release: bool = False  # refuse a language whose translation is not wholly reviewed
    jobs: int = 2
    progress: bool = False  # show a progress bar on stderr


@dataclass(frozen=True)
class BuildResult:
    built: tuple[Path, ...]
    unchanged: int
    seconds: float
    languages: tuple[str, ...] = field(default=())
    drafts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # draft language -> its status counts

    def summary(self) -> str:
        """One line for the end of a build, and one per draft translation built (what its imprint calls draft)."""
        what = f"built {len(self.built)} file(s)" if self.built else "nothing to do"
        lines = [f"{what}, {self.unchanged} up to date ({', '.join(self.languages)}) in {self.seconds:.1f} s"]
        for lang, counts in self.drafts.items():
            shown = ", ".join(f"{counts.get(k, 0)} {label}" for k, label in _STATUS_LABELS)
            lines.append(f"{lang}: draft translation: {shown} (`manifesto review {lang}`)")
        return "\n".join(lines)


_STATUS_LABELS = (("translated", "translated but not reviewed"), ("reviewed", "reviewed"),
                  ("fallback", "still in the original language"))


def build(config: BuildConfig) -> BuildResult:
    """Build the editions `config` asks for; raise a PipelineError (nothing half-written) when something fails."""
    started = time.perf_counter()
    files.sweep(config.out)  # what a killed build left (temporary files of processes that are gone)
    clock = Clock.read(config.source, config.translations)
    state = State.load(config.out)
    inputs = _inputs_digest(config, clock)
    if (done := state.finished(_config_key(config), inputs, config.out)) is not None:
        return BuildResult((), done[0], time.perf_counter() - started, done[1])
    if config.jobs > 1:
        _workers_context()  # start the worker server now: it boots while this process loads and assembles
    from . import localise, source  # not needed when nothing changed: a no-op build starts faster without them

    edition = source.load(config.source)
    langs = _select(config.langs, edition.languages, "language", "declared under `languages:` in edition.yaml")
    themes = _select(config.themes, tuple(t.id for t in edition.themes), "theme", "listed in edition.yaml")
    formats = _select(config.formats, FORMATS, "format", "--format")
    editions = {lang: localise.localise(edition, lang, _translations(lang, config)) for lang in langs}
    if config.release:
        _refuse_drafts(editions, config)
    documents = [doc for lang in langs
                 for doc in _assemble(editions[lang], themes, clock, full=not (config.handouts_only or config.themes))]
    _prepare(config.out)  # everything is gathered and valid: now the output folder must take the files
    if not (config.langs or config.themes or config.handouts_only) and formats == FORMATS:
        state.prune({_key(doc, fmt) for doc in documents for fmt in formats}, config.out)
    work = [(doc, stale) for doc in documents if (stale := state.stale(doc, formats, config.out))]
    built = tuple(_render_all(work, config, state, editions)) if work else ()
    state.finish(_config_key(config), inputs, len(documents) * len(formats), langs)
    state.save(config.out)
    drafts = {lang: editions[lang].counts() for lang in langs if editions[lang].draft}
    return BuildResult(built, len(documents) * len(formats) - len(built), time.perf_counter() - started, langs,
                       drafts if built else {})


def _refuse_drafts(editions: Mapping[str, LEdition], config: BuildConfig) -> None:
    """A release build publishes reviewed translations only: name each language that is not, theme by theme."""
    drafts = {lang: where for lang, edition in editions.items() if (where := edition.unreviewed())}
    if not drafts:
        return
    listed = "; ".join(f"{lang}: {sum(where.values())} (" + ", ".join(f"{theme} {n}" for theme, n in where.items())
                       + ")" for lang, where in drafts.items())
    raise ReleaseError(f"not reviewed in full, so not for release: {listed}", Origin(str(config.translations)),
                       f"review them (`manifesto review {next(iter(drafts))}`), or build without --release")


def _prepare(out: Path) -> None:
    """Make sure `out` is a folder this build can write to."""
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} is a file, not a folder", None,
                          "give a folder for the editions (default: output)")
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileError.from_os(exc) from None
    try:
        tempfile.TemporaryFile(dir=out).close()  # fail now, before any work, if nothing can be written there
    except OSError as exc:
        raise FileError.from_os(exc, where=out) from None


def _select(wanted: tuple[str, ...], known: tuple[str, ...], what: str, where: str) -> tuple[str, ...]:
    for item in wanted:
        if item not in known:
            raise ConfigError(f"no {what} {item!r}", None, f"choose from {', '.join(known)} ({where})")
    return wanted or known


def _translations(lang: str, config: BuildConfig) -> dict[str, Translation]:
    """The catalogue's translations, refused when one it would publish links unsafely or hides control characters."""
    from . import catalog, localise, qa

    translations = catalog.translations(lang, config.translations)
    if translations:
        qa.refuse_unsafe(catalog.load(lang, config.translations), localise.PUBLISHABLE)
    return translations


def _assemble(edition: LEdition, themes: tuple[str, ...], clock: Clock, full: bool) -> Iterator[Document]:
    if full:
        yield assemble.full(edition, clock.imprint(edition.lang))
    for theme in themes:
        yield assemble.handout(edition, theme, clock.imprint(edition.lang, theme))


def _render_all(work: list[tuple[Document, tuple[str, ...]]], config: BuildConfig, state: State,
                editions: Mapping[str, LEdition]) -> Iterator[Path]:
    """Render the stale documents, biggest first, on `config.jobs` worker processes; record each success.

    A failure is blamed on the unit (source line or catalogue entry) whose text the tool quotes, when it quotes one.
    """
    from tqdm import tqdm

    from . import render

    assets = render.assets(config.out / ".cache")
    work = sorted(work, key=lambda item: -len(item[0].markdown) * len(item[1]))
    bar = tqdm(total=sum(len(f) for _, f in work), unit="file", desc="render", disable=not config.progress,
               leave=False)
    try:
        for doc, formats, outcome in _map(work, config, assets):
            if isinstance(outcome, PipelineError):
                raise render.blame(outcome, editions[doc.lang].walk())
            state.record(doc, formats, config.out)
            bar.update(len(formats))
            yield from outcome
    finally:
        bar.close()
        state.save(config.out)


def _map(work: list[tuple[Document, tuple[str, ...]]], config: BuildConfig, assets) -> Iterable[tuple]:
    """(document, formats, paths or error) as each finishes: in this process for one job, else in a pool."""
    if config.jobs <= 1 or len(work) == 1:
        for doc, formats in work:
            yield doc, formats, _render_one(doc, formats, config.out, assets)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    workers = {"max_workers": min(config.jobs, len(work)), "mp_context": _workers_context(),
               "initializer": _exit_with_parent, "initargs": (os.getpid(),)}
    with ProcessPoolExecutor(**workers) as pool:
        futures = {pool.submit(_render_one, doc, formats, config.out, assets): (doc, formats)
                   for doc, formats in work}
        try:
            for future in as_completed(futures):
                yield (*futures[future], future.result())
        finally:  # a failure stops the build: what has not started yet need not run
            for future in futures:
                future.cancel()


def _workers_context():
    """Worker processes forked from a clean server that has imported the renderers once.

    Not plain "fork": a process that has run Typst holds its thread pool's locks, and a forked child would hang.
    """
    import multiprocessing
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["pipeline.render"])
    forkserver.ensure_running()
    return context


def _exit_with_parent(parent: int) -> None:
    """In each worker: exit as soon as the build that started it is gone (killed), instead of rendering on."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(0.2)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)  # its temporary files are swept by the next build (files.sweep)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _render_one(doc: Document, formats: tuple[str, ...], out: Path, assets) -> tuple[Path, ...] | PipelineError:
    """Render in a worker; errors come back as values (pickled whole: their origin and hint survive the trip)."""
    from . import render

    try:
        return render.render(doc, formats, out, assets)
    except PipelineError as exc:
        return exc


STATE_FILE = ".build-state.json"
#: What renders a document besides its Markdown: a change to any of these rebuilds every output.
RENDERING = (TEMPLATES, Path(__file__).parent / "filters", *(Path(__file__).parent / f"{name}.py" for name in
                                                             ("render", "pandoc", "typst_pdf", "docx_style", "house")))


@cache
def _toolchain() -> bytes:
    from . import pandoc, typst_pdf

    digest = hashlib.sha256(f"{pandoc.version()} {typst_pdf.version()}".encode())
    for root in RENDERING:
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _inputs_digest(config: BuildConfig, clock: Clock) -> str:
    """The hash of every file a build reads, the revision and the date: equal means the last build is current.

    This is what makes a no-op build cheap: it skips loading the source (YAML with line numbers is slow).
    """
    package = Path(__file__).parent
    inputs = [*sorted(config.source.rglob("*.yaml")), *sorted(config.translations.glob("*.po")),
             *sorted(package.rglob("*.py")), *sorted(package.rglob("*.lua")), *sorted(package.rglob("*.json"))]
    digest = hashlib.sha256(_toolchain() + f"{clock.revision}\0{clock.fixed}\0".encode())
    for path in inputs:
        try:
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
        except OSError as exc:
            raise FileError.from_os(exc) from None
    return digest.hexdigest()


def _config_key(config: BuildConfig) -> str:
    parts = (",".join(config.langs), ",".join(config.themes), ",".join(config.formats), str(config.handouts_only),
             str(config.release))
    return "@inputs " + " ".join(parts)


def fingerprint(doc: Document, fmt: str) -> str:
    """The hash of exactly what `doc` in `fmt` is made from: its Markdown, date, cover texts and the renderers."""
    digest = hashlib.sha256(_toolchain())
    digest.update(f"{fmt}\0{doc.epoch}\0{doc.cover!r}\0".encode() + doc.markdown.encode())
    return digest.hexdigest()


class State:
    """Fingerprints of the outputs built so far (output/.build-state.json), to skip what is up to date."""

    def __init__(self, hashes: dict[str, str]) -> None:
        self.hashes = hashes
        self.changed: dict[str, str] = {}
        self.removed: set[str] = set()

    @classmethod
    def load(cls, out: Path) -> State:
        try:
            return cls(json.loads((out / STATE_FILE).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return cls({})

    def stale(self, doc: Document, formats: tuple[str, ...], out: Path) -> tuple[str, ...]:
        from .render import target

        return tuple(f for f in formats if self.hashes.get(_key(doc, f)) != fingerprint(doc, f)
                     or not target(doc, f, out).exists())

    def record(self, doc: Document, formats: tuple[str, ...], out: Path) -> None:
        self.changed.update({_key(doc, f): fingerprint(doc, f) for f in formats})

    def prune(self, keep: set[str], out: Path) -> None:
        """Delete the outputs an earlier build made that the edition no longer has (a theme or language removed)."""
        for key in sorted(k for k in self.hashes if not k.startswith("@") and k not in keep):
            (out / key).unlink(missing_ok=True)
            self.removed.add(key)

    def finished(self, key: str, inputs: str, out: Path) -> tuple[int, tuple[str, ...]] | None:
        """(outputs, languages) when a build with the same `key` already ran on these inputs, and its outputs
        are all still there; else None."""
        digest, _, rest = self.hashes.get(key, "").partition(" ")
        if digest != inputs or not all((out / name).exists() for name in self.hashes if not name.startswith("@")):
            return None
        count, _, langs = rest.partition(" ")
        return int(count), tuple(langs.split(","))

    def finish(self, key: str, inputs: str, count: int, langs: tuple[str, ...]) -> None:
        self.changed[key] = f"{inputs} {count} {','.join(langs)}"

    def save(self, out: Path) -> None:
        """Merge this build's records into the state file, under a lock (`make -j2` may run two builds)."""
        if not self.changed and not self.removed:
            return
        import fcntl

        out.mkdir(parents=True, exist_ok=True)
        with open(out / f"{STATE_FILE}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            merged = {k: v for k, v in (State.load(out).hashes | self.changed).items() if k not in self.removed}
            files.write_text(out / STATE_FILE, json.dumps(dict(sorted(merged.items())), indent=0))


def _key(doc: Document, fmt: str) -> str:
    return f"{doc.lang}/{doc.name}.{fmt}"


@dataclass(frozen=True)
class Clock:
    """Dates and revision for imprints: SOURCE_DATE_EPOCH when set, else the last commit of what an output uses.

    A handout is dated by the last commit of its theme, the edition file, its catalogue or the templates, so
    editing one theme leaves the other handouts byte-identical, and a clean build of the same commit agrees.
    """

    fixed: int | None
    top: str  # the git work tree ("" outside git)
    revision: str
    source: Path
    translations: Path

    @classmethod
    def read(cls, source: Path, translations: Path) -> Clock:
        fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        where = source if source.is_dir() else Path(".")
        head = _run(["git", "-C", str(where), "rev-parse", "--show-toplevel", "--short", "HEAD"])
        top, revision = head if len(head) == 2 else ("", "unknown")
        return cls(int(fixed) if fixed.isdigit() else None, top, revision, source.resolve(), translations.resolve())

    @cached_property
    def times(self) -> Mapping[str, int]:
        """Absolute path -> time of the last commit touching it."""
        return _git_times(self.top) if self.top else {}

    @cached_property
    def head(self) -> int:
        return max(self.times.values(), default=0) if self.top else _mtime(self.source)

    def imprint(self, lang: str, theme: str = "") -> Imprint:
        if self.fixed is not None:
            return Imprint(self.fixed, self.revision)
        if not theme:
            return Imprint(self.head, self.revision)
        used = (self.source / "themes" / f"{theme}.yaml", self.source / "edition.yaml",
                self.translations / f"{lang}.po", TEMPLATES)
        times = [t for path, t in self.times.items() if any(path == str(u) or path.startswith(f"{u}/") for u in used)]
        return Imprint(max(times, default=self.head), self.revision)


def _git_times(top: str) -> dict[str, int]:
    times: dict[str, int] = {}
    stamp = 0
    for line in _run(["git", "-C", top, "log", "--format=@%ct", "--name-only", "--no-renames"]):
        if line.startswith("@"):
            stamp = int(line[1:])
        elif line:
            times.setdefault(f"{top}/{line}", stamp)
    return times


def _run(cmd: list[str]) -> list[str]:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError:
        return []
    return proc.stdout.splitlines() if proc.returncode == 0 else []


def _mtime(source: Path) -> int:
    """Outside git: the newest source file's time, a stand-in for the last commit."""
    return max((int(p.stat().st_mtime) for p in source.rglob("*") if p.is_file()), default=0)
