"""Evaluation of translate-toolkit's checks (pofilter's engine) on translations/fr.po, as is and with the pandoc
markup masked: findings per check, how many are real, the false-positive rate. Prints figures; asserts nothing.

translate-toolkit is not a dependency of the project (see pipeline/qa.py's docstring for the decision), so run this
in a throw-away environment:

    python3 -m venv /tmp/tt && /tmp/tt/bin/pip install translate-toolkit
    /tmp/tt/bin/python bench/bench_pofilter.py [translations/fr.po]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import markup  # noqa: E402  (stdlib only: runs in the throw-away environment)

try:
    from translate.filters import checks
    from translate.storage import po as ttpo
except ImportError:
    sys.exit(__doc__)

#: The findings a reviser would act on, judged one by one on fr.po (2026-11-29): (check, msgctxt) -> why.
REAL = {
    ("acronyms", "sexual-gender-based-violence.intro.while-gender-perspective-infuse"):
        "VAWG became the coined acronym VFFF",
    ("startcaps", "sexual-gender-based-violence.practice.roof-her-un-toit"): "starts « [un toit pour elle]…",
    ("unchanged", "police.ref.policing-efus-2023"): "'Policing (Efus 2023)' left in English, untagged",
}
#: Findings on an entry with a real problem that the finding does not name (a silent fix of the source).
BORDERLINE = {
    ("acronyms", "nightlife.rec.taking-account-diversity-nightlife"): "LGBTQAI+ silently corrected to LGBTQIA+",
    ("endpunc", "sexual-gender-based-violence.rec.tackle-new-threat-technology"):
        "'artificial violence' silently fixed; the check only sees the full stop",
}
#: Checks whose rule contradicts French typography (« », no-break spaces before ; : ! ?, the apostrophe).
FRENCH_TYPOGRAPHY = ("puncspacing", "doublequoting", "singlequoting", "startpunc")


def mask(text: str) -> str:
    """`text` as a reader sees it: spans and links keep their text, their attributes and targets go.

    (Hiding names and passages in another language as a token instead, as `pipeline.catalog.translate.protect` does for
    an engine, gives more findings, 191: a title the source leaves untagged is tagged `lang=en` in the translation,
    so the token stands on one side only and the brackets and numbers checks fire.)"""
    text = markup.SPAN.sub(lambda m: m.group(1), text)
    text = markup.LINK.sub(lambda m: m.group(1), text)
    return markup.AUTOLINK.sub(lambda m: m.group(1), text)


def run(path: Path, masked: bool) -> list[tuple[str, str]]:
    """(check, msgctxt) of every finding of the StandardChecker for French on the translated entries of `path`."""
    checker = checks.StandardChecker(checks.CheckerConfig(targetlanguage="fr"))
    found = []
    for unit in ttpo.pofile.parsefile(str(path)).units:
        if unit.isheader() or not unit.istranslated():
            continue
        if masked:
            unit.source, unit.target = mask(unit.source), mask(unit.target)
        found += [(name, unit.getcontext()) for name in checker.run_filters(unit)]
    return found


def report(label: str, found: list[tuple[str, str]]) -> None:
    real = sum(1 for f in found if f in REAL)
    rate = 1 - real / len(found) if found else 0.0
    per_check = ", ".join(f"{name} {n}" for name, n in Counter(name for name, _ in found).most_common())
    print(f"{label:<44} {len(found):4d} findings, {real} real, false positives {rate:.0%}")
    print(f"    {per_check}")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "translations" / "fr.po"
    print(f"translate-toolkit StandardChecker(targetlanguage='fr') on {path}")
    before, after = run(path, masked=False), run(path, masked=True)
    report("as is", before)
    report("pandoc markup masked", after)
    report("masked, French-typography checks off", [f for f in after if f[0] not in FRENCH_TYPOGRAPHY])
    braces = sum(1 for name, _ in before if name == "pythonbraceformat")
    print(f"pythonbraceformat findings (spans' {{attributes}} read as Python braces): {braces} as is, "
          f"{sum(1 for name, _ in after if name == 'pythonbraceformat')} masked")
    missed = [f"{check} {ctxt}" for check, ctxt in REAL if (check, ctxt) not in after]
    print(f"real findings lost by masking: {', '.join(missed) or 'none'}")
    print(f"borderline (a real problem the finding does not name), not counted as real: {len(BORDERLINE)}")
    for (check, ctxt), why in {**REAL, **BORDERLINE}.items():
        print(f"    {'real' if (check, ctxt) in REAL else 'borderline':<10} {check:<10} {ctxt}: {why}")


if __name__ == "__main__":
    main()
