"""The render pool: documents rendered on worker processes, each result (files or error) back as it finishes."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

from pipeline.assemble import Document
from pipeline.errors import PipelineError

Work = list[tuple[Document, tuple[str, ...]]]  # documents and the formats of each to render


def start() -> None:
    """Start the worker server now: it boots while the build loads and assembles."""
    _context()


def render(work: Work, out: Path, assets, jobs: int) -> Iterator[tuple[Document, tuple[str, ...], object]]:
    """(document, formats, paths or PipelineError) as each finishes: in this process for one job, else on
    `jobs` workers. A failure cancels what has not started."""
    if jobs <= 1 or len(work) == 1:
        for doc, formats in work:
            yield doc, formats, _render_one(doc, formats, out, assets)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    pool = {"max_workers": min(jobs, len(work)), "mp_context": _context(), "initializer": _exit_with_parent,
            "initargs": (os.getpid(),)}
    with ProcessPoolExecutor(**pool) as executor:
        futures = {executor.submit(_render_one, doc, formats, out, assets): (doc, formats) for doc, formats in work}
        try:
            for future in as_completed(futures):
                yield (*futures[future], future.result())
        finally:  # a failure stops the build: what has not started yet need not run
            for future in futures:
                future.cancel()


def _context():
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
    from pipeline import render

    try:
        return render.render(doc, formats, out, assets)
    except PipelineError as exc:
        return exc
