"""Benchmark of `manifesto qa` at scale: catalogues of 1,000, 10,000 and 100,000 entries generated from the real
French one (its words reshuffled, so each entry reads like the manifesto's; 1% near-duplicates of an earlier entry,
half of them translated differently; as many obsolete entries as active ones, as a catalogue accumulates after
years of edits). Prints the qa time and peak memory of each, in a fresh process. Asserts nothing (timings do not
belong in tests). `python bench/bench_qa.py 1000 10000` measures only those sizes."""

from __future__ import annotations

import itertools
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polib  # noqa: E402

from pipeline import catalog  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
NEAR_SHARE = 0.01  # entries that repeat an earlier one's source with one word changed
_WORD = re.compile(r"(?<![\w{=./#@:-])[^\W\d_]{4,}(?![\w}/:=-])")  # a word of prose, not of markup or an address


def generate(n: int, folder: Path, seed: int = 2025) -> Path:
    """`folder`/fr.po: translations/fr.po and `n` active entries (and `n` obsolete ones) made from its entries."""
    rng = random.Random(seed)
    real = [e for e in catalog.load("fr", ROOT / "translations").entries if e.msgstr.strip()]
    vocab = {side: _Words(rng, [w for e in real for w in _WORD.findall(getattr(e, side))])
             for side in ("msgid", "msgstr")}
    po = polib.pofile(str(ROOT / "translations" / "fr.po"))
    out = polib.POFile(wrapwidth=79)
    out.metadata, out.header = po.metadata, po.header
    made: list[polib.POEntry] = []
    for k in range(n):
        if made and rng.random() < NEAR_SHARE:
            made.append(_near(rng.choice(made), k, rng, vocab))
            continue
        base = real[k % len(real)]
        made.append(polib.POEntry(msgctxt=f"bench.e{k}", msgid=_reword(base.msgid, rng, vocab["msgid"]),
                                  msgstr=_reword(base.msgstr, rng, vocab["msgstr"]), comment=base.extracted_comments[0]
                                  if base.extracted_comments else "", occurrences=[("source/themes/bench.yaml", k)]))
    out.extend(po)  # the manifesto's own entries first, as a catalogue that grew from it holds them
    for k, entry in enumerate(made):
        out.append(entry)
        out.append(polib.POEntry(msgctxt=f"bench.old{k}", msgid=entry.msgid + " (earlier)", msgstr=entry.msgstr,
                                 obsolete=True))
    path = folder / "fr.po"
    path.write_text(out.__unicode__(), encoding="utf-8")
    return path


class _Words:
    """Words drawn as often as the real catalogue uses them, and one in ten a new name (a place, a scheme), so the
    vocabulary grows with the catalogue as a real one's does (Heaps' law) rather than stopping at the manifesto's."""

    def __init__(self, rng: random.Random, words: list[str]) -> None:
        counts = Counter(words)
        self.rng, self.words = rng, sorted(counts)
        self.weights = list(itertools.accumulate(counts[w] for w in self.words))

    def __call__(self) -> str:
        if self.rng.random() < 0.1:
            return "".join(self.rng.choice(_SYLLABLES) for _ in range(3)).capitalize()
        return self.rng.choices(self.words, cum_weights=self.weights)[0]


_SYLLABLES = [c + v for c in "bcdfglmnprstvz" for v in "aeiou"]


def _reword(text: str, rng: random.Random, words: _Words) -> str:
    """`text` with about half of its words of prose replaced by others of the catalogue's."""
    return _WORD.sub(lambda m: words() if rng.random() < 0.5 else m.group(0), text)


def _near(entry: polib.POEntry, k: int, rng: random.Random, vocab: dict[str, _Words]) -> polib.POEntry:
    """An entry whose source is `entry`'s with one word changed; its translation, every other time, reworded."""
    words = _WORD.findall(entry.msgid)
    msgid = entry.msgid.replace(words[-1], vocab["msgid"](), 1) if words else entry.msgid + " bis"
    msgstr = _reword(entry.msgstr, rng, vocab["msgstr"]) if k % 2 else entry.msgstr
    return polib.POEntry(msgctxt=f"bench.e{k}", msgid=msgid, msgstr=msgstr, comment=entry.comment,
                         occurrences=[("source/themes/bench.yaml", k)])


_QA = """
import resource, sys, time
from pipeline import qa
start = time.perf_counter()
findings = qa.check_catalogues(["fr"], sys.argv[1])
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
q701 = sum(1 for f in findings if f.code == "Q701")
print(f"{took:.2f} {peak:.0f} {len(findings)} {q701}")
"""


# What the build holds of a catalogue for the manifesto's source: read (obsolete entries left out), checked for
# damaged ids, narrowed to the source's units, guarded, turned into translations (pipeline/build, `_translations`).
_BUILD_READ = """
import resource, sys, time
from pipeline import catalog, source
from pipeline.qa import guard
units = list(source.load("source").walk())
start = time.perf_counter()
catalogue = catalog.load("fr", sys.argv[1])
catalog.refuse_strays(catalogue, units)
printed = catalogue.only({u.id for u in units})
guard.refuse(printed, catalog.PUBLISHABLE)
translations = printed.translations()
took = time.perf_counter() - start
print(f"{took:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
"""


def _run(script: str, folder: Path) -> list[str] | str:
    """The figures `script` prints, or its last line of error."""
    proc = subprocess.run([sys.executable, "-c", script, str(folder)], cwd=ROOT, capture_output=True, text=True)
    return proc.stdout.split() if proc.returncode == 0 else proc.stderr.strip().splitlines()[-1]


def measure(n: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-qa-"))
    try:
        start = time.perf_counter()
        path = generate(n, folder)
        shutil.copy(ROOT / "translations" / "glossary.yaml", folder)
        made = time.perf_counter() - start
        qa, read = _run(_QA, folder), _run(_BUILD_READ, folder)
        if isinstance(qa, str) or isinstance(read, str):
            print(f"  {n:>7,} entries: failed: {qa if isinstance(qa, str) else read}")
            return
        took, peak, found, q701 = qa
        size = path.stat().st_size / 1e6
        print(f"  {n:>7,} entries (+{n:,} obsolete, {size:5.1f} MB, made in {made:5.1f} s): qa {float(took):6.2f} s, "
              f"peak {peak:>5} MB, {int(found):,} findings ({int(q701):,} Q701); the build's read of it "
              f"{float(read[0]):5.2f} s, peak {read[1]:>4} MB")
    finally:
        shutil.rmtree(folder)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or SIZES
    print(f"manifesto qa on generated French catalogues (peak: the qa process's maximum resident set; "
          f"this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)")
    for n in sizes:
        measure(n)


if __name__ == "__main__":
    main()
