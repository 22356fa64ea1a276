"""The build: load -> localise -> assemble -> render every edition, rebuilding only outputs whose inputs changed."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import assemble, files
from pipeline.assemble import Document
from pipeline.build import workers
from pipeline.build.dating import Clock
from pipeline.build.state import Finished, State, inputs_digest, key
from pipeline.errors import ConfigError, FileError, Origin, PipelineError, ReleaseError
from pipeline.project import JOBS, PACKAGE, Project

if TYPE_CHECKING:
    from pipeline.catalog import Translation
    from pipeline.localise import LEdition
    from pipeline.model import Edition

FORMATS: tuple[str, ...] = ("docx", "pdf", "epub")


@dataclass(frozen=True)
class BuildConfig:
    """What one build makes: from where and to where (`project`), and which languages, themes and formats."""

    project: Project = Project()  # the source and catalogues it reads, the output folder it writes
    langs: tuple[str, ...] = ()  # empty: every language the edition declares
    themes: tuple[str, ...] = ()  # given: only these themes' handouts (no full edition)
    formats: tuple[str, ...] = FORMATS
    handouts_only: bool = False
    release: bool = False  # refuse a language whose translation is not wholly reviewed
    jobs: int = JOBS
    progress: bool = False  # show a progress bar on stderr


@dataclass(frozen=True)
class BuildResult:
    built: tuple[Path, ...]
    unchanged: int
    seconds: float
    languages: tuple[str, ...] = field(default=())
    drafts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # draft language -> its status counts
    held: Mapping[str, int] = field(default_factory=dict)  # language below the publish threshold -> per cent done
    threshold: int = 100
    previews: tuple[str, ...] = ()  # languages built on request below the threshold, as previews

    def summary(self) -> str:
        """One line for the end of a build, and one per draft translation built (what its imprint calls draft)."""
        what = f"built {len(self.built)} file(s)" if self.built else "nothing to do"
        lines = [f"{what}, {self.unchanged} up to date ({', '.join(self.languages)}) in {self.seconds:.1f} s"]
        for lang, counts in self.drafts.items():
            shown = ", ".join(f"{counts.get(k, 0)} {label}" for k, label in _STATUS_LABELS)
            what = "preview (output/preview/" + lang + ")" if lang in self.previews else "draft translation"
            lines.append(f"{lang}: {what}: {shown} (`manifesto review {lang}`)")
        for lang, done in self.held.items():
            lines.append(f"{lang}: not published: {done}% translated, below publish_threshold ({self.threshold}%); "
                         f"`manifesto build --lang {lang}` builds a preview")
        return "\n".join(lines)


_STATUS_LABELS = (("translated", "translated but not reviewed"), ("reviewed", "reviewed"),
                  ("fallback", "still in the original language"))


def build(config: BuildConfig) -> BuildResult:
    """Build the editions `config` asks for; raise a PipelineError (nothing half-written) when something fails."""
    started, project = time.perf_counter(), config.project
    files.sweep(project.out)  # what a killed build left (temporary files of processes that are gone)
    clock = Clock.read(project.source, project.translations)
    state = State.load(project.out)
    inputs = inputs_digest(_inputs(config), clock.revision, clock.fixed)
    if (done := state.finished(_config_key(config), inputs, project.out)) is not None:
        return BuildResult((), done.outputs, time.perf_counter() - started, done.languages)
    if config.jobs > 1:
        workers.start()
    from pipeline import localise, source  # not needed when nothing changed: a no-op build starts faster without them

    edition = source.load(project.source)
    langs = _select(config.langs, edition.languages, "language", "declared under `languages:` in edition.yaml")
    themes = _select(config.themes, tuple(t.id for t in edition.themes), "theme", "listed in edition.yaml")
    formats = _select(config.formats, FORMATS, "format", "--format")
    editions = {lang: localise.localise(edition, lang, _translations(lang, config, edition)) for lang in langs}
    editions, held = _publishable(editions, edition.publish_threshold, asked=bool(config.langs))
    langs = tuple(editions)
    if config.release:
        _refuse_drafts(editions, config)
    documents = [doc for lang in langs
                 for doc in _assemble(editions[lang], themes, clock, full=not (config.handouts_only or config.themes))]
    _prepare(project.out)  # everything is gathered and valid: now the output folder must take the files
    if not (config.langs or config.themes or config.handouts_only) and formats == FORMATS:
        state.prune({key(doc, fmt) for doc in documents for fmt in formats}, project.out)
    work = [(doc, stale) for doc in documents if (stale := state.stale(doc, formats, project.out))]
    built = tuple(_render_all(work, config, state, editions)) if work else ()
    state.finish(_config_key(config), Finished(inputs, len(documents) * len(formats), langs))
    state.save(project.out)
    drafts = {lang: editions[lang].counts() for lang in langs if editions[lang].draft}
    return BuildResult(built, len(documents) * len(formats) - len(built), time.perf_counter() - started, langs,
                       drafts if built else {}, held, edition.publish_threshold,
                       tuple(lang for lang in langs if editions[lang].preview))


def _publishable(editions: Mapping[str, LEdition], threshold: int,
                 asked: bool) -> tuple[dict[str, LEdition], dict[str, int]]:
    """The editions to build, and the languages held back (-> per cent done): a translation below edition.yaml's
    `publish_threshold` is published only when asked for by name (`--lang`), and then as a preview."""
    kept, held = {}, {}
    for lang, edition in editions.items():
        if edition.done >= threshold or not edition.unreviewed():
            kept[lang] = edition
        elif asked:
            kept[lang] = replace(edition, preview=True)
        else:
            held[lang] = edition.done
    return kept, held


def _refuse_drafts(editions: Mapping[str, LEdition], config: BuildConfig) -> None:
    """A release build publishes reviewed translations only: name each language that is not, theme by theme."""
    drafts = {lang: where for lang, edition in editions.items() if (where := edition.unreviewed())}
    if not drafts:
        return
    listed = "; ".join(f"{lang}: {sum(where.values())} (" + ", ".join(f"{theme} {n}" for theme, n in where.items())
                       + ")" for lang, where in drafts.items())
    raise ReleaseError(f"not reviewed in full, so not for release: {listed}", Origin(str(config.project.translations)),
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


def _translations(lang: str, config: BuildConfig, edition: Edition) -> dict[str, Translation]:
    """The catalogue's translations, refused when one it would publish links unsafely, hides control characters or
    has lost its unit's id."""
    from pipeline import catalog
    from pipeline.qa import guard

    if not catalog.path_for(lang, config.project.translations).exists():
        return {}
    catalogue = catalog.load(lang, config.project.translations)  # read once: msgfmt's check and polib's parse are slow
    units = list(edition.walk())
    catalog.refuse_strays(catalogue, units)
    printed = catalogue.only({u.id for u in units})  # what follows holds the edition's texts, not the catalogue's
    guard.refuse(printed, catalog.PUBLISHABLE)
    return printed.translations()


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

    from pipeline import render

    assets = render.assets(config.project.out / ".cache")
    work = sorted(work, key=lambda item: -len(item[0].markdown) * len(item[1]))
    bar = tqdm(total=sum(len(f) for _, f in work), unit="file", desc="render", disable=not config.progress,
               leave=False)
    try:
        for doc, formats, outcome in workers.render(work, config.project.out, assets, config.jobs):
            if isinstance(outcome, PipelineError):
                raise render.blame(outcome, editions[doc.lang].walk())
            state.record(doc, formats)
            bar.update(len(formats))
            yield from outcome
    finally:
        bar.close()
        state.save(config.project.out)


def _inputs(config: BuildConfig) -> list[Path]:
    """Every file a build reads: the source, the catalogues and the package (its code, filters and schemas)."""
    return [*sorted(config.project.source.rglob("*.yaml")), *sorted(config.project.translations.glob("*.po")),
            *sorted(PACKAGE.rglob("*.py")), *sorted(PACKAGE.rglob("*.lua")), *sorted(PACKAGE.rglob("*.json"))]


def _config_key(config: BuildConfig) -> str:
    """What a build was asked for, as the key of its record in the state file."""
    return " ".join((",".join(config.langs), ",".join(config.themes), ",".join(config.formats),
                     str(config.handouts_only), str(config.release)))
