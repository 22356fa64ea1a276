"""Consistency and glossary checks (Q203, Q601-Q603, Q701-Q703): trigger and clean cases, problems planted in a
copy of the real fr.po, acceptance, and the glossary's schema errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline import catalog, cli, qa
from pipeline.catalog import Catalogue, Entry
from pipeline.errors import ConfigError, Origin
from pipeline.qa import glossary
from pipeline.qa.glossary import Forbidden, Glossary, Term
from tests.conftest import FIXTURES, ROOT

NB = "\u00a0"


def entry(ctxt: str, msgid: str, msgstr: str, line: int = 1) -> Entry:
    return Entry(ctxt, msgid, msgstr, "translated", Origin("fr.po", line))


def found(*entries: Entry, terms: Glossary = glossary.EMPTY, codes: str = "Q203 Q6 Q7") -> list[tuple[str, str, str]]:
    """(msgctxt, code, message) of the findings of `entries` whose code starts with one of `codes`."""
    prefixes = tuple(codes.split())
    return [(f.subject, f.code, f.message) for f in qa.run(Catalogue("fr", Path("fr.po"), entries), terms)
            if f.code.startswith(prefixes)]


# Q203 ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("Cities must act.", "les villes doivent agir."),
    ("‘A roof for her’ ([un toit pour elle]{lang=fr .name}) - an observatory.",
     "« [un toit pour elle]{lang=fr .name} » – un observatoire."),
    ("*Prevention* first.", "*la prévention* d’abord."),
    ("[The report](https://efus.eu/r) says so.", "[le rapport](https://efus.eu/r) le dit."),
])
def test_a_lower_case_start_under_a_capital_is_reported(msgid: str, msgstr: str) -> None:
    (finding,) = found(entry("u.a", msgid, msgstr))
    assert finding[1] == "Q203"
    assert finding[2].startswith("starts with lower-case ")


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("Cities must act.", "Les villes doivent agir."),
    ("e-safety matters.", "la e-sécurité compte."),  # the source starts in lower case too
    ("2024 was a turning point.", "2024 a marqué un tournant."),
    ("“Smart cities” seek help.", "Les « villes intelligentes » cherchent de l’aide."),
])
def test_a_start_that_follows_the_source_is_not_reported(msgid: str, msgstr: str) -> None:
    assert found(entry("u.a", msgid, msgstr)) == []


# Q701 ------------------------------------------------------------------------------------------------------------

SENTRY_EN = ("SENTRY SPORT (January 2021 - September 2023) - Aimed to empower grassroots sport stakeholders in "
             "preventing and detecting radicalisation in sport.")
SENTRY_EN2 = SENTRY_EN.replace("in preventing", "at preventing")  # 95% alike
SENTRY_FR = ("SENTRY SPORT (janvier 2021 – septembre 2023) – Ce projet visait à donner aux acteurs du sport amateur "
             "les moyens de prévenir et de détecter la radicalisation dans le sport.")
SENTRY_FR_OTHER = ("SENTRY SPORT (de janvier 2021 à septembre 2023) : renforcer la capacité des clubs de sport de "
                   "base à repérer les signes de radicalisation chez leurs membres.")


def test_the_same_source_translated_twice_differently_is_reported_on_the_later_entry() -> None:
    first, second = entry("a.ref.m", "[Manifesto 2017]{.link-unknown}", "[Manifeste 2017]{.link-unknown}", 10), \
        entry("b.ref.m", "[Manifesto 2017]{.link-unknown}", "[Manifeste de 2017]{.link-unknown}", 20)
    assert found(first, second) == [("b.ref.m", "Q701", "same source as a.ref.m (line 10), but translations only "
                                                         "80% alike; make the two agree")]
    same = entry("b.ref.m", "[Manifesto 2017]{.link-unknown}", "[Manifeste 2017]{.link-unknown}", 20)
    assert found(first, same) == []


def test_a_near_identical_source_translated_unlike_is_reported_and_a_reworded_one_is_not() -> None:
    first = entry("a.practice.sentry", SENTRY_EN, SENTRY_FR, 10)
    assert [(c, code) for c, code, _ in found(first, entry("b.practice.sentry", SENTRY_EN2, SENTRY_FR_OTHER))] == [
        ("b.practice.sentry", "Q701")]
    reworded = SENTRY_FR.replace("de prévenir et de détecter", "de prévenir et détecter")
    assert found(first, entry("b.practice.sentry", SENTRY_EN2, reworded)) == []
    unrelated = entry("b.rec.x", "Train police officers in mediation and conflict resolution.", "Former les agents.")
    assert found(first, unrelated) == []


# Q702, Q703 ------------------------------------------------------------------------------------------------------

def test_the_minority_range_dash_is_reported_with_the_catalogue_s_usual_style() -> None:
    entries = [entry(f"u.{i}", "Text.", f"Projet ({years}).", i) for i, years in
               enumerate(["2020-2023", "2011-2013", "2021-2024", "janvier 2019 – 2021"], start=1)]
    assert found(*entries, codes="Q702") == [
        ("u.4", "Q702", "'2019 – 2021' is written with a spaced en dash; the catalogue writes 3 of 4 with a hyphen "
                        "('2020-2023'): use one style")]


def test_ranges_inside_names_links_and_words_are_not_the_catalogue_s_style() -> None:
    entries = [entry("u.1", "Text.", "Projet (2020-2023)."), entry("u.2", "Text.", "La Covid-19 en 2020."),
               entry("u.3", "Text.", "[Strategy 2021 – 2025]{lang=en .name} et [rapport](https://x.org/2019–2020)."),
               entry("u.4", "Text.", "Le plan 2015-2016.")]
    assert found(*entries, codes="Q702") == []


def test_the_minority_citation_style_is_reported() -> None:
    entries = [entry("u.1", "Text.", "Voir (Efus 2012)."), entry("u.2", "Text.", "Voir (Efus 2017) et (Efus 2016)."),
               entry("u.3", "Text.", "Voir (Efus, 2010).")]
    assert found(*entries, codes="Q703") == [
        ("u.3", "Q703", "'(Efus, 2010)' is written with a comma before the year; the catalogue writes 3 of 4 with no "
                        "comma before the year ('(Efus 2012)'): use one style")]
    kept = entry("u.3", "Text.", "Voir [Guide (Efus, 2010)]{lang=en .name}.")
    assert found(*entries[:2], kept, codes="Q703") == []


# Q601, Q602, Q603 ------------------------------------------------------------------------------------------------

TERMS = Glossary(
    (Term({"en": (("local authorities", "local authority"),),
           "fr": (("collectivités locales", "collectivité locale"), ("autorités locales", "autorité locale"))},
          Origin("glossary.yaml", 3)),
     Term({"en": (("United Nations",),), "fr": (("Nations unies",),)}, Origin("glossary.yaml", 5)),
     Term({"en": (("sexual and gender-based violence",),), "fr": (("violences sexistes et sexuelles",),)},
          Origin("glossary.yaml", 7)),
     Term({"en": (("gender-based violence",),), "fr": (("violences fondées sur le genre",), ("violences sexistes",))},
          Origin("glossary.yaml", 9))),
    (Forbidden("fr", "réhabilitation", ("réinsertion", "réadaptation"), "a false friend", Origin("glossary.yaml", 12),
               ("rehabilitation",)),
     Forbidden("fr", "Nations Unies", ("Nations unies",), "one capital", Origin("glossary.yaml", 16)),
     Forbidden("fr", "sans abri", ("sans-abri",), "hyphenated", Origin("glossary.yaml", 18))))

LA = "Local authorities must act."


def test_a_term_rendered_two_ways_reports_the_minority_rendering() -> None:
    entries = [entry("u.1", LA, "Les collectivités locales doivent agir."),
               entry("u.2", LA, "Chaque collectivité locale doit agir."),
               entry("u.3", LA, "Les autorités locales doivent agir.")]
    assert found(*entries, terms=TERMS, codes="Q6") == [
        ("u.3", "Q602", "glossary: 'local authorities' is rendered 'autorités locales' here but 'collectivités "
                        "locales' in 2 other entries; use one rendering throughout")]


def test_a_term_spelled_two_ways_reports_the_spelling_the_glossary_does_not_have() -> None:
    un = "The United Nations agreed."
    entries = [entry("u.1", un, "Les Nations unies ont approuvé."), entry("u.2", un, "Nations unies : accord."),
               entry("u.3", un, "Les nations-unies ont approuvé.")]
    assert found(*entries, terms=TERMS, codes="Q6") == [
        ("u.3", "Q602", "glossary: 'nations-unies' is spelled 'Nations unies' in the glossary; use one spelling "
                        "throughout")]


def test_a_longer_term_holds_the_shorter_one() -> None:
    entries = [entry("u.1", "Sexual and gender-based violence rose.", "Les violences sexistes et sexuelles ont crû."),
               entry("u.2", "Sexual and gender-based violence fell.", "Les violences sexistes et sexuelles ont chuté."),
               entry("u.3", "Gender-based violence rose.", "Les violences fondées sur le genre ont augmenté.")]
    assert found(*entries, terms=TERMS, codes="Q6") == []


def test_forbidden_terms_with_their_context_case_and_hyphen() -> None:
    assert found(entry("u.1", "Rehabilitation of ex-offenders.", "La réhabilitation des anciens détenus."),
                 terms=TERMS) == [("u.1", "Q603", "forbidden term 'réhabilitation' (context: rehabilitation): use "
                                                  "'réinsertion' / 'réadaptation'; a false friend")]
    assert found(entry("u.1", "Renovation of old housing.", "La réhabilitation des logements anciens."),
                 terms=TERMS) == []  # out of its context it is the right word
    assert [c for _, c, _ in found(entry("u.1", "Help the homeless.", "Aider les personnes sans abri."),
                                   terms=TERMS)] == ["Q603"]
    assert found(entry("u.1", "Help the homeless.", f"Aider les sans-abri et les sans{NB}abri."), terms=TERMS) != []
    assert found(entry("u.1", "Help the homeless.", "Aider les sans-abri."), terms=TERMS) == []
    assert found(entry("u.1", "Read it.", "Lisez [Sans abri]{lang=fr .name}."), terms=TERMS) == []


def test_a_forbidden_spelling_is_reported_once_not_also_as_a_glossary_miss_or_variant() -> None:
    un = "The United Nations agreed."
    entries = [entry("u.1", un, "Les Nations unies ont approuvé."), entry("u.2", un, "Les Nations Unies ont approuvé.")]
    assert [(c, code) for c, code, _ in found(*entries, terms=TERMS)] == [("u.2", "Q603")]


# The real catalogue ---------------------------------------------------------------------------------------------

def entry_line(po: Path, ctxt: str) -> int:
    """The first line of the entry whose msgctxt is `ctxt`: the line after the blank line that precedes it."""
    lines = po.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgctxt "{ctxt}"')
    while at > 0 and lines[at - 1].strip():
        at -= 1
    return at + 1


def copy_of_translations(tmp_path: Path) -> Path:
    tdir = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", tdir)
    return tdir


def rarer_citation(po: Path) -> str:
    """A citation in the style the catalogue uses less (counted here independently of the checks)."""
    text = po.read_text(encoding="utf-8")
    commas, plain = len(re.findall(r"\(Efus, \d{4}\)", text)), len(re.findall(r"\(Efus \d{4}\)", text))
    return "(Efus, 2015)" if commas < plain else "(Efus 2015)"


PLANTED = {
    "police.intro.good-relations-between-citizens": ("Q203", "de bonnes relations entre les citoyens et leur police "
                                                             "sont décisives."),
    "police.rec.local-authorities-recognised-crucial": ("Q602", "Les autorités locales devraient être reconnues "
                                                                "comme des intermédiaires essentiels."),
    "mental-health.rec.raise-awareness-among-elected": ("Q602", "Sensibiliser les élus au lien entre santé mentale "
                                                                "et sécurité Urbaine."),
    "police.rec.train-police-officers-contact": ("Q603", "Former les policiers, comme le recommandent les Nations "
                                                         "Unies."),
    "police.ref.manifesto-2017": ("", "[Manifeste 2017]{.link-unknown}"),
    "discriminatory-violence.ref.manifesto-2017": ("Q701", "[Le manifeste de l’Efus]{.link-unknown}"),
    "police.rec.encourage-exchanges-promising-practices": ("Q702", "Encourager les échanges (2015—2016)."),
}


def test_problems_planted_in_a_copy_of_fr_po_are_each_reported_at_their_entry(tmp_path: Path) -> None:
    tdir = copy_of_translations(tmp_path)
    po = tdir / "fr.po"
    planted = dict(PLANTED)
    planted["police.rec.police-doctrines-profiles-adapted"] = ("Q703", f"Adapter les doctrines {rarer_citation(po)}.")
    catalog.apply("fr", tdir, [catalog.Change(ctxt, msgstr=text) for ctxt, (_, text) in planted.items()])
    reported = {(f.subject, f.code): f.origin for f in qa.check_catalogues(["fr"], tdir)}
    for ctxt, (code, _) in planted.items():
        if code:
            assert reported.get((ctxt, code)) == Origin(str(po), entry_line(po, ctxt)), (ctxt, code)


def test_an_accepted_consistency_finding_is_counted_and_not_listed(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    tdir = copy_of_translations(tmp_path)
    ctxt, text = "police.rec.train-police-officers-contact", PLANTED["police.rec.train-police-officers-contact"][1]
    catalog.apply("fr", tdir, [catalog.Change(ctxt, msgstr=text)])
    args = ["--source", str(ROOT / "source"), "qa", "--translations", str(tdir), "fr"]
    cli.main(args)
    out, err = capsys.readouterr()
    accepted_before = int(err.split("; ")[-1].split()[0])
    where = f"{tdir / 'fr.po'}:{entry_line(tdir / 'fr.po', ctxt)}: Q603"
    assert f"{where} warning forbidden term 'Nations Unies': use 'Nations unies'; " in out
    catalog.apply("fr", tdir, [catalog.Change(ctxt, notes=("qa-accept: Q603 the UN's own French page writes it so",))])
    cli.main(args)
    out, err = capsys.readouterr()
    assert where not in out
    assert err.strip().endswith(f"; {accepted_before + 1} accepted")
    (finding,) = [f for f in qa.check_catalogues(["fr"], tdir) if f.subject == ctxt and f.code == "Q603"]
    assert finding.accepted == "the UN's own French page writes it so"


# The glossary file -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "message", "hint"), [
    ("terms:\n- {en: police}\n", 2, "bad value at terms.0: {'en': 'police'} does not have enough properties",
     "a term maps two or more languages"),
    ("terms: []\nforbidden:\n  fr:\n  - term: réhabilitation\n    reason: a false friend\n", 4,
     "missing key at forbidden.fr.0: 'use' is a required property", "a forbidden term needs `term`, `use` and"),
    ("terms:\n- {en: police, French: police}\n", 2, "bad value at terms.0: 'French' does not match the expected form",
     "languages are BCP 47 tags"),
    ("terms:\n- {en: police, fr: [[police, polices], 3]}\n", 2,
     "bad value at terms.0.fr: [['police', 'polices'], 3] is not valid under any of the given schemas",
     "write a text, or a list whose items are texts"),
    ("terms: []\nforbiden: {}\n", 1, "unknown key at top level: Additional properties are not allowed ('forbiden' "
                                     "was unexpected)", "did you mean 'forbidden'?"),
    ("- en: x\n", 1, "bad value at top level: [{'en': 'x'}] is not of type 'object'", "see the comment at the top"),
])
def test_a_malformed_glossary_is_a_config_error_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            text: str, line: int, message: str, hint: str) -> None:
    tdir = copy_of_translations(tmp_path)
    (tdir / "glossary.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        glossary.load(tdir)
    assert (caught.value.origin, caught.value.message) == (Origin(str(tdir / "glossary.yaml"), line), message)
    assert caught.value.hint.startswith(hint)
    assert cli.main(["--source", str(FIXTURES / "mini"), "qa", "--translations", str(tdir), "fr"]) != 0
    assert capsys.readouterr().err.startswith(f"config: {tdir / 'glossary.yaml'}:{line}: {message} (hint: {hint}")


def test_the_project_glossary_loads_with_its_forbidden_terms() -> None:
    terms = glossary.load(ROOT / "translations")
    rules = {r.term: r for r in terms.forbidden if r.lang == "fr"}
    wanted = {"réhabilitation", "sécurité globale", "droits de l'homme", "Nations Unies", "sans abri", "VFFF"}
    assert wanted <= rules.keys()
    assert rules["réhabilitation"].use == ("réinsertion", "réadaptation")
    assert rules["réhabilitation"].origin.line > 1


def test_a_rendering_inside_a_name_is_there_but_not_the_catalogue_s_spelling() -> None:
    un = "The United Nations agreed."
    named = entry("u.2", un, "Les [Nations-Unies de Genève]{lang=fr .name} ont approuvé.")
    assert found(entry("u.1", un, "Les Nations unies ont approuvé."), named, terms=TERMS, codes="Q6") == []


def _all_pairs(entries: list[Entry]) -> list[tuple[str, str]]:
    """Q701 as measured before the index: every entry against every earlier one (the reference)."""
    import difflib

    from pipeline.qa.consistency import MARGIN, NEAR, _may_be_near, _words

    words = [(_words(e.msgid), _words(e.msgstr)) for e in entries]
    found = []
    for j in range(len(entries)):
        for i in range(j):
            if not _may_be_near(frozenset(words[i][0]), frozenset(words[j][0])):
                continue
            alike = difflib.SequenceMatcher(None, words[i][0], words[j][0], autojunk=False).ratio()
            translated = difflib.SequenceMatcher(None, words[i][1], words[j][1], autojunk=False).ratio()
            if alike >= NEAR and ((alike == 1 and translated < 1) or translated < alike - MARGIN):
                found.append((entries[j].msgctxt, entries[i].msgctxt))
                break
    return found


@pytest.mark.parametrize("seed", range(6))
def test_the_index_finds_what_measuring_every_pair_finds(seed: int) -> None:
    """Random sources over a small vocabulary (repeated words, one-word entries, texts a word apart, identical
    ones translated alike or not), so that near pairs abound: the same findings, blamed on the same entry."""
    import random

    from pipeline.qa.consistency import same_source

    rng = random.Random(seed)
    vocab = [f"w{k}" for k in range(12)]
    entries: list[Entry] = []
    for k in range(160):
        if entries and rng.random() < 0.4:
            base = rng.choice(entries)
            words = base.msgid.split()
            words[rng.randrange(len(words))] = rng.choice(vocab)
            source = " ".join(words if rng.random() < 0.7 else words + [rng.choice(vocab)])
            target = base.msgstr if rng.random() < 0.5 else f"t{k} " + base.msgstr
        else:
            source = " ".join(rng.choice(vocab) for _ in range(rng.choice([1, 2, 5, 9, 14])))
            target = f"t{k}"
        entries.append(Entry(f"u.{k}", source, target, "translated", Origin("fr.po", k + 1)))
    expected = _all_pairs(entries)
    assert len(expected) > 10
    assert [(ctxt, re.search(r"u\.\d+", message)[0]) for ctxt, message in same_source(entries)] == expected
