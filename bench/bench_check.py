"""Benchmark of `manifesto check`: time on the canonical source and on the raw export, and rule G301's
precision and recall on the raw export and on passages planted in eight languages. Prints figures; asserts
nothing (timings do not belong in tests)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import check, source, yamlsource  # noqa: E402
from pipeline.check.rules import fidelity as fidelity_rules  # noqa: E402
from pipeline.check.rules import language  # noqa: E402
from pipeline.errors import SourceError  # noqa: E402
from tests.rulecases import import_export, score_language, score_planted  # noqa: E402


def timed(label: str, func, repeat: int = 1):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    print(f"  {label:<46} {best * 1000:8.1f} ms")
    return result


def rule_times(edition) -> None:
    slow = []
    for code, r in check.known_rules().items():
        start = time.perf_counter()
        list(r.run(edition))
        slow.append((time.perf_counter() - start, code))
    print("  slowest rules (warm): " + ", ".join(f"{c} {t * 1000:.0f} ms" for t, c in sorted(slow, reverse=True)[:4]))


def cold_cli(src: Path) -> None:
    """The whole command in a fresh process, as `make check` runs it (imports and model loading included)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipeline", "--source", str(src), "check", "--config", "none.toml"],
                          cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - start
    print(f"  {'cold `manifesto check` (new process)':<46} {took * 1000:8.1f} ms   -> {proc.stdout.splitlines()[-1]}")


def measure(label: str, src: Path) -> None:
    print(f"{label}: {src}")
    cold_cli(src)
    language._lingua.cache_clear()
    language._langid.cache_clear()
    edition = timed("load source", lambda: source.load(src))
    timed("check, first run (detectors built)", lambda: check.check(edition))
    report = timed("check, warm (best of 3)", lambda: check.check(edition), repeat=3)
    counts = ", ".join(f"{n} {severity}" for severity, n in report.counts().items())
    print(f"  findings: {counts} + {len(report.accepted)} accepted; "
          f"lingua detectors built (one per pair of languages confirmed): {language._lingua.cache_info().currsize}")
    rule_times(edition)
    language_times(edition)


def language_times(edition) -> None:
    """G301 choosing between the edition's languages only, then between those and the languages it looks for."""
    figures = []
    for label, detect in (("edition's languages only", ()), ("with detect_languages", edition.detect_languages)):
        run = replace(edition, detect_languages=detect)
        language._lingua.cache_clear()
        language._langid.cache_clear()
        start = time.perf_counter()
        list(check.known_rules()["G301"].run(run))
        cold = time.perf_counter() - start
        start = time.perf_counter()
        list(check.known_rules()["G301"].run(run))
        warm = time.perf_counter() - start
        langs = ",".join(language.detector_languages(run))
        figures.append(f"{label} ({langs}): first {cold * 1000:.0f} ms, warm {warm * 1000:.0f} ms")
    print("  G301 " + "; ".join(figures))


def language_score(edition) -> None:
    score = score_language(edition)
    print("language rule G301 on the raw export (hand-made list: tests/fixtures/check/export-french.yaml):")
    print(f"  precision {score.precision:.2f} ({score.true}/{score.found} reported passages are listed)")
    print(f"  recall    {score.recall:.2f} ({score.detectable_found}/{score.detectable} listed sentences/titles)")
    print(f"  all listed passages, names included: {score.listed_found}/{score.listed} "
          "(names inside English sentences need the source's tags)")
    if score.missed or score.false_alarms:
        print(f"  missed: {score.missed}; false alarms: {score.false_alarms}")
    sweep = _sweep("MIN_CHARS", (12, 16, 24, 32, 40), lambda: score_language(edition),
                   lambda n, s: f"{n} chars: P {s.precision:.2f} R {s.recall:.2f} ({s.found} found)")
    print(f"  minimum passage length (default {language.MIN_CHARS}): " + "; ".join(sweep))
    confirm = language._confirmed
    language._confirmed = lambda text, lang, host: True  # py3langid alone, to show what lingua's confirmation adds
    try:
        alone = score_language(edition)
    finally:
        language._confirmed = confirm
    print(f"  py3langid alone (no confirmation by lingua): precision {alone.precision:.2f} "
          f"({alone.true}/{alone.found}), recall {alone.recall:.2f}")


def planted_score() -> None:
    """G301 on tests/fixtures/check/planted-languages.yaml: passages planted in English and French units."""
    langs = tuple(sorted({"en", "fr", *language.DETECT_LANGUAGES}))
    start = time.perf_counter()
    score = score_planted(langs)
    took = time.perf_counter() - start
    found, total = score.recall()
    true, reported = score.precision()
    print(f"language rule G301 on planted passages (tests/fixtures/check/planted-languages.yaml, {took:.1f} s):")
    print(f"  {'language':<12} {'sentences':>10} {'clauses':>10} {'precision':>12}")
    for lang in sorted({p.lang for p in score.planted}):
        cells = [_fraction(*score.recall(lang, length)) for length in ("sentence", "clause")]
        print(f"  {language.name(lang):<12} {cells[0]:>10} {cells[1]:>10} {_fraction(*score.precision(lang)):>12}")
    cells = [_fraction(*score.recall(length=length)) for length in ("sentence", "clause")]
    print(f"  {'all':<12} {cells[0]:>10} {cells[1]:>10} {_fraction(true, reported):>12}")
    print(f"  recall {found / total:.2f} ({found}/{total}), precision {true / reported:.2f} ({true}/{reported}); "
          f"false alarms, controls included: {list(score.false_alarms) or 'none'}")
    missed = [f"{p.passage!r} ({p.lang} in {p.host})" for p, hit in zip(score.planted, score.found, strict=True)
              if not hit]
    print(f"  missed: {', '.join(missed) or 'none'}")
    sweep = _sweep("MIN_LINGUA_CONFIDENCE", (0.0, 0.5, 0.8, 0.9, 0.95), lambda: score_planted(langs),
                   lambda x, s: f"{x}: R {_fraction(*s.recall())} P {_fraction(*s.precision())}")
    print(f"  lingua's confirmation (default {language.MIN_LINGUA_CONFIDENCE}; 0.0 = py3langid alone): "
          + "; ".join(sweep))


def _sweep(name: str, values: tuple, score, describe) -> list[str]:
    """`describe(value, score())` for each value of the language rule's setting `name`, set for that call only."""
    from unittest import mock

    out = []
    for value in values:
        with mock.patch.object(language, name, value):
            out.append(describe(value, score()))
    return out


def _fraction(part: int, whole: int) -> str:
    return f"{part}/{whole}" if whole else "-"


def fidelity_times(src: Path) -> None:
    """The F7xx rules (fidelity to the export) on every check, and the YAML bomb's refusal."""
    edition = source.load(src)
    fidelity = check.Config(select=("F",))
    def run() -> check.Report:
        fidelity_rules._all_gaps.cache_clear()  # the three rules share one comparison, cached per edition
        return check.check(edition, fidelity)

    timed("fidelity rules F701-F703 (best of 5)", run, repeat=5)
    timed("YAML bomb refused (tests/fixtures/bad)", lambda: _refused(ROOT / "tests/fixtures/bad/yaml-bomb.yaml"))


def _refused(path: Path) -> None:
    try:
        yamlsource.read(path)
    except SourceError:
        return
    raise AssertionError(f"{path} was accepted")


def main() -> None:
    planted_score()
    measure("canonical source", ROOT / "source")
    fidelity_times(ROOT / "source")
    with tempfile.TemporaryDirectory() as tmp:
        raw = import_export(Path(tmp) / "source")
        measure("raw export (imported, not curated)", raw)
        language_score(source.load(raw))


if __name__ == "__main__":
    main()
