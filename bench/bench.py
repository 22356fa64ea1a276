"""Build speed figures (`make bench`): cold, no-op and one-theme rebuilds against the bare pandoc + Typst floor."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFESTO = [sys.executable, "-m", "pipeline"]
EDITED_THEME = "nightlife"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def build_cmd(source: Path, out: Path) -> list[str]:
    return [*MANIFESTO, "--source", str(source), "build", "--out", str(out),
            "--translations", str(ROOT / "translations")]


def documents(source: Path):
    """The assembled documents of every edition, as the build makes them."""
    from pipeline import assemble, catalog, localise
    from pipeline import source as loader

    edition = loader.load(source)
    imprint = assemble.Imprint(int(os.environ["SOURCE_DATE_EPOCH"]), "bench")
    for lang in edition.languages:
        ledition = localise.localise(edition, lang, catalog.translations(lang, ROOT / "translations"))
        yield assemble.full(ledition, imprint)
        for theme in edition.themes:
            yield assemble.handout(ledition, theme.id, imprint)


def bare(job: tuple) -> None:
    """One document through bare pandoc and Typst calls: what any pipeline must at least spend (the same
    templates, house-style variables, stylesheet and embedded fonts as the build)."""
    import typst

    markdown, kind, folder, reference, epoch, css, fonts, variables, font_dirs = job
    pandoc = _pandoc_path()
    base = Path(folder)
    run = {"input": markdown.encode(), "check": True, "capture_output": True}
    subprocess.run([pandoc, "-f", "markdown", "-o", str(base / "x.docx"), f"--reference-doc={reference}"], **run)
    subprocess.run([pandoc, "-f", "markdown", "-o", str(base / "x.epub"), f"--css={css}",
                    *(f"--epub-embed-font={font}" for font in fonts)], **run)
    typst_args = ["-f", "markdown", "-t", "typst", "--standalone", *(f"--variable={v}" for v in variables)]
    source = subprocess.run([pandoc, *typst_args, f"--template={ROOT / 'templates' / 'typst' / f'{kind}.typ'}"],
                            **run).stdout
    (base / "x.pdf").write_bytes(typst.compile(source, timestamp=epoch, pdf_standards=["ua-1"], font_paths=font_dirs))
    if kind == "full":  # the cover images the EPUB and the DOCX carry
        from pipeline.render import DOCX_COVER, EPUB_COVER

        for width, height, ppi in (EPUB_COVER, DOCX_COVER):
            size = [f"--variable=cover-width:{width}", f"--variable=cover-height:{height}"]
            cover = subprocess.run([pandoc, *typst_args, *size,
                                    f"--template={ROOT / 'templates' / 'typst' / 'cover-image.typ'}"], **run).stdout
            typst.compile(cover, format="png", ppi=ppi, font_paths=font_dirs)


def _pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def floor(source: Path, scratch: Path, reference: Path, only: str = "") -> float:
    """The floor of every document, or of those a change to theme `only` rebuilds (its handouts, the full ones)."""
    docs = [d for d in documents(source) if not only or d.kind == "full" or d.name == f"handouts/{only}"]
    scratch = scratch / (only or "all")
    folders = [scratch / f"floor{i}" for i in range(len(docs))]
    for folder in folders:
        folder.mkdir(parents=True)
    from pipeline import house, render

    style = house.load()
    css = str(next((reference.parent).glob("epub-*.css")))
    fonts = [str(face.path) for face in style.faces()]
    jobs = [(d.markdown, d.kind, str(f), str(reference), d.epoch, css, fonts,
             [f"{k}:{v}" for k, v in render.typst_variables(d.lang).items()], list(style.font_dirs))
            for d, f in zip(docs, folders, strict=True)]
    jobs.sort(key=lambda j: -len(j[0]))
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(bare, jobs))
    return time.perf_counter() - started


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795643854")
    env = dict(os.environ, CI="true")
    with tempfile.TemporaryDirectory(prefix="manifesto-bench-") as tmp:
        scratch = Path(tmp)
        source, out = scratch / "source", scratch / "output"
        shutil.copytree(ROOT / "source", source, ignore=shutil.ignore_patterns("import"))
        cold = timed(build_cmd(source, out), env)
        outputs = sum(1 for p in out.glob("*/**/*.*") if p.suffix in {".docx", ".pdf", ".epub"}
                      and ".cache" not in p.parts)
        noop = timed(build_cmd(source, out), env)
        theme = source / "themes" / f"{EDITED_THEME}.yaml"
        theme.write_text(theme.read_text(encoding="utf-8").replace("text: ", "text: Edited. ", 1), encoding="utf-8")
        edit = timed(build_cmd(source, out), env)
        reference = next((out / ".cache").glob("reference-full-*.docx"))
        bare_floor = floor(source, scratch, reference)
        edit_floor = floor(source, scratch, reference, only=EDITED_THEME)
    print(f"cold build ({outputs} outputs):     {cold:6.2f} s")
    print(f"bare pandoc + Typst floor:       {bare_floor:6.2f} s")
    print(f"ratio cold / floor:              {cold / bare_floor:6.2f}  (target <= 1.25)")
    print(f"no-op rebuild:                   {noop:6.2f} s  (target <= 0.5)")
    print(f"one-theme edit ({EDITED_THEME}):      {edit:6.2f} s")
    print(f"floor of the outputs it changes:  {edit_floor:6.2f} s")
    print(f"ratio edit / its floor:            {edit / edit_floor:6.2f}  (target <= 1.25)")
    print(f"no-op `make all` (median of 5):  {noop_make_all(env):6.2f} s  (target <= 1)")
    return 0


def noop_make_all(env: dict[str, str]) -> float:
    """`make all` when nothing changed: the check stamp and the build's own up-to-date test, in this checkout."""
    subprocess.run(["make", "--silent", "all"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    return statistics.median(timed(["make", "--silent", "all"], env) for _ in range(5))


if __name__ == "__main__":
    sys.exit(main())
