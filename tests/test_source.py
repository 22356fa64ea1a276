"""The loader and validator: the model built from a source, and one clear message per kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import source
from pipeline.errors import Origin, SourceErrors

from .conftest import ROOT


def messages(root: Path) -> list[str]:
    return [str(p) for p in source.validate(root)]


def test_mini_source_loads_into_the_model(mini_source: Path) -> None:
    edition = source.load(mini_source)
    assert [t.id for t in edition.themes] == ["police", "nightlife"]
    police = edition.theme("police")
    assert [s.kind for s in police.sections] == ["introduction", "recommendations", "practices", "references"]
    quote = next(u for u in police.walk() if u.id == "police.rec.private-sector-quote")
    assert quote.lang == "fr"
    child = next(u for u in police.walk() if u.id == "police.rec.coordination.cooperation")
    assert child.lang == "en" and child.origin.line == 21
    practice = next(u for u in police.walk() if u.id == "police.practice.belgian-partnerships")
    assert practice.title is not None and practice.title.id == "police.practice.belgian-partnerships.title"
    assert practice.origin.path.endswith("themes/police.yaml")
    assert edition.string("section.practices").text == "Practices"


def test_the_canonical_source_is_valid() -> None:
    assert messages(ROOT / "source") == []
    edition = source.load(ROOT / "source")
    assert len(edition.themes) == 18
    assert all(theme.sections for theme in edition.themes)


def test_malformed_yaml_names_file_and_line(mini_source: Path) -> None:
    path = mini_source / "themes" / "police.yaml"
    path.write_text(path.read_text().replace("title: Police", "title: [Police"), encoding="utf-8")
    (msg,) = messages(mini_source)
    assert msg.startswith(f"{path}:3: malformed YAML")
    assert "hint:" in msg


def test_missing_theme_file_is_reported_at_the_theme_order(mini_source: Path) -> None:
    (mini_source / "themes" / "nightlife.yaml").unlink()
    (msg,) = messages(mini_source)
    assert msg.startswith(f"{mini_source / 'edition.yaml'}:8: theme order names 'nightlife' but ")
    assert "does not exist" in msg


def test_missing_edition_file(tmp_path: Path) -> None:
    (msg,) = messages(tmp_path)
    assert msg.startswith(f"{tmp_path / 'edition.yaml'}: file not found")


def test_unknown_key_suggests_the_known_one(mini_source: Path) -> None:
    path = mini_source / "themes" / "nightlife.yaml"
    path.write_text(path.read_text().replace("    text: Nightlife is", "    txet: x\n    text: Nightlife is"), "utf-8")
    (msg,) = messages(mini_source)
    assert msg.startswith(f"{path}:7: unknown key at sections.0.units.0: Additional properties are not allowed")
    assert "did you mean 'text'?" in msg


def test_duplicate_id_names_both_places(mini_source: Path) -> None:
    path = mini_source / "themes" / "nightlife.yaml"
    path.write_text(path.read_text().replace("nightlife.intro.urban-life", "police.rec.train-officers"), "utf-8")
    (msg,) = messages(mini_source)
    assert msg.startswith(f"{path}:8: duplicate id 'police.rec.train-officers' (first used at ")
    assert "themes/police.yaml:13)" in msg


def test_duplicate_yaml_key(mini_source: Path) -> None:
    path = mini_source / "edition.yaml"
    text = path.read_text()
    path.write_text(text + "year: 2026\n", "utf-8")
    (msg,) = messages(mini_source)
    assert msg.startswith(f"{path}:{len(text.splitlines()) + 1}: duplicate key 'year'")


def test_every_problem_is_reported_not_just_the_first(mini_source: Path) -> None:
    police = mini_source / "themes" / "police.yaml"
    text = police.read_text().replace("lang: fr", "lang: xx-nonsense").replace(
        "text: Train police officers in listening, communicating and mediating with citizens.", "text: '  '")
    police.write_text(text, "utf-8")
    (mini_source / "themes" / "extra.yaml").write_text("id: extra\ntitle: Extra\nsections: []\n", "utf-8")
    found = messages(mini_source)
    assert any("unit 'police.rec.train-officers' is empty" in m for m in found)
    assert any("unknown language code 'xx-nonsense'" in m for m in found)
    assert any("theme file extra.yaml is not in the edition's theme order" in m for m in found)
    with pytest.raises(SourceErrors) as err:
        source.load(mini_source)
    assert len(err.value.problems) == len(found) == 3


def test_theme_without_title_or_sections(mini_source: Path) -> None:
    path = mini_source / "themes" / "nightlife.yaml"
    path.write_text("id: nightlife\ntitle: ''\nsections: []\n", "utf-8")
    found = messages(mini_source)
    assert f"{path}:2: theme has an empty title (hint: give the theme a title)" in found
    assert any(m.startswith(f"{path}:3: theme has no section") for m in found)


def test_theme_id_must_match_file_name(mini_source: Path) -> None:
    path = mini_source / "themes" / "nightlife.yaml"
    path.write_text(path.read_text().replace("id: nightlife\n", "id: night\n", 1), "utf-8")
    assert any("theme id 'night' differs from its file name nightlife.yaml" in m for m in messages(mini_source))


def test_bad_id_form_and_bad_section_kind(mini_source: Path) -> None:
    path = mini_source / "themes" / "nightlife.yaml"
    text = path.read_text().replace("nightlife.intro.urban-life", "Nightlife Intro")
    text = text.replace("kind: references", "kind: refs")
    path.write_text(text, "utf-8")
    found = messages(mini_source)
    assert any("'Nightlife Intro' does not match the expected form" in m for m in found)
    assert any("bad value at sections.1.kind" in m and "use one of: introduction" in m for m in found)


def test_span_language_codes_are_checked(mini_source: Path) -> None:
    path = mini_source / "themes" / "nightlife.yaml"
    path.write_text(path.read_text().replace("urban life", "[urban life]{lang=zz}"), "utf-8")
    assert any("unknown language code 'zz'" in m for m in messages(mini_source))


def test_not_utf8(mini_source: Path) -> None:
    path = mini_source / "themes" / "nightlife.yaml"
    path.write_bytes(path.read_text().replace("Nightlife is", "Nightlife\xe9 is").encode("latin-1"))
    (msg,) = messages(mini_source)
    assert msg.startswith(f"{path}: not UTF-8 text")


def test_a_theme_file_that_is_a_symlink_loop_is_one_problem_at_its_path(mini_source: Path) -> None:
    path = mini_source / "themes" / "nightlife.yaml"
    path.unlink()
    path.symlink_to(path.name)  # points to itself
    (msg,) = messages(mini_source)
    assert msg == (f"{path}: cannot read: too many levels of symbolic links (hint: the path is a symbolic link that "
                   "points to itself (a loop): replace it with the real file)")


def test_an_edition_string_the_templates_need_is_required(mini_source: Path) -> None:
    # Without it `validate` said valid and `build` failed later, in the middle of assembling.
    path = mini_source / "edition.yaml"
    path.write_text(path.read_text().replace("  colophon.date: Date of this edition\n", ""), encoding="utf-8")
    (msg,) = messages(mini_source)
    assert msg.startswith(f"{path}:9: missing key at strings: 'colophon.date' is a required property (hint: ")


def test_the_schema_requires_every_edition_string_the_templates_and_code_use() -> None:
    import json
    import re

    schema = json.loads((ROOT / "pipeline" / "schema" / "edition.schema.json").read_text())
    required = set(schema["properties"]["strings"]["required"])
    texts = [p.read_text() for p in [*(ROOT / "templates").rglob("*.j2"), *(ROOT / "pipeline").glob("*.py")]]
    used = {m for text in texts for m in re.findall(r"""\bs(?:\.plain|\.format|\.unit)?\(["']([a-z-]+\.[a-z.-]+)["']""",
                                                      text)}
    used |= {f"section.{kind}" for kind in ("introduction", "recommendations", "practices", "references")}
    assert used and used <= required
    from pipeline.source import importer

    assert set(importer.boilerplate()) == required  # a new source starts with every string, and only those


def test_regional_and_script_tags_are_valid(mini_source: Path) -> None:
    edition = mini_source / "edition.yaml"
    edition.write_text(edition.read_text().replace("[en, fr]", "[en, fr, pt-BR, sr-Latn, sr-Cyrl, el, de-CH]"), "utf-8")
    police = mini_source / "themes" / "police.yaml"
    police.write_text(police.read_text().replace("lang: fr", "lang: fr-CA"), "utf-8")
    assert messages(mini_source) == []
    assert source.load(mini_source).languages == ("en", "fr", "pt-BR", "sr-Latn", "sr-Cyrl", "el", "de-CH")


@pytest.mark.parametrize(("lang", "expected"), [
    ("ar", "'ar' is written right to left (Arabic); the editions are set left to right only, and Charis SIL and "
           "Open Sans have no Arabic letters (hint: remove the language: right-to-left editions are not supported "
           "yet)"),
    ("he", "'he' is written right to left (Hebrew)"),
    ("fa-IR", "'fa-IR' is written right to left (Arabic)"),
    ("zh-Hant-TW", "'zh-Hant-TW' is written in Traditional script, which the house faces (Charis SIL and Open Sans) "
                   "cannot set (hint: add a face that covers Traditional (Debian's fonts-noto-core or fonts-noto-cjk) "
                   "to templates/house-style.toml's [type] and [fonts], and add 'Hant' to its `scripts`; or remove "
                   "the language)"),
    ("ja", "'ja' is written in Japanese script"),
    ("hi", "'hi' is written in Devanagari script"),
])
def test_a_language_the_house_faces_cannot_set_is_refused_before_any_render(mini_source: Path, lang: str,
                                                                          expected: str) -> None:
    edition = mini_source / "edition.yaml"
    edition.write_text(edition.read_text().replace("[en, fr]", f"[en, fr, {lang}]"), "utf-8")
    (found,) = messages(mini_source)
    assert found.startswith(f"{edition}:7: languages: {expected}")


def test_tags_must_be_written_as_bcp_47_writes_them(mini_source: Path) -> None:
    edition = mini_source / "edition.yaml"
    edition.write_text(edition.read_text().replace("[en, fr]", "[en, fr, pt-br]"), "utf-8")
    police = mini_source / "themes" / "police.yaml"
    police.write_text(police.read_text().replace("lang: fr", "lang: xx-!!"), "utf-8")
    assert messages(mini_source) == [
        f"{edition}:7: language code 'pt-br' is written 'pt-BR' in BCP 47 (hint: write 'pt-BR')",
        f"{police}:16: unit 'police.rec.private-sector-quote': invalid language code 'xx-!!': not a BCP 47 "
        "language tag (hint: write a language code, then optionally a script and a region, joined by hyphens: "
        "de, pt-BR, sr-Latn, zh-Hant-TW)",
    ]


BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
CHARS = ("delete it: control characters and bidirectional overrides are invisible and change what prints; "
         "for right-to-left text use the marks U+200E/U+200F")
LINKS = "link only to http://, https:// or mailto: addresses, or to an #anchor in the document"


def with_bad_theme(mini_source: Path, name: str) -> Path:
    path = mini_source / "themes" / "nightlife.yaml"
    path.write_bytes((BAD / name).read_bytes())
    return path


@pytest.mark.parametrize(("name", "expected"), [
    ("control-bell.yaml", ["11: forbidden character U+0007 (a control character)"]),
    ("control-rlo.yaml", ["11: forbidden character U+202E (RIGHT-TO-LEFT OVERRIDE)"]),
    ("control-vtab.yaml", ["11: forbidden character U+000B (a control character)"]),
    ("control-escaped.yaml", ["11: unit 'nightlife.intro.escaped': forbidden character U+0007 (a control character), "
                              "U+2066 (LEFT-TO-RIGHT ISOLATE)"]),
])
def test_control_and_bidi_characters_are_errors_at_their_line(mini_source: Path, name: str,
                                                              expected: list[str]) -> None:
    path = with_bad_theme(mini_source, name)
    assert messages(mini_source) == [f"{path}:{e} (hint: {CHARS})" for e in expected]


def test_every_line_with_a_control_character_is_reported(mini_source: Path) -> None:
    path = mini_source / "themes" / "police.yaml"
    text = path.read_text("utf-8").replace("title: Police", "title: Po\x1elice")
    text = text.replace("Good relations", "Good\x85 rel")
    path.write_text(text.replace("\n", "\r\n"), "utf-8", newline="")  # CRLF line ends are fine
    assert messages(mini_source) == [f"{path}:2: forbidden character U+001E (a control character) (hint: {CHARS})",
                                      f"{path}:8: forbidden character U+0085 (a control character) (hint: {CHARS})"]


def test_only_http_https_mailto_and_anchor_links_are_allowed(mini_source: Path) -> None:
    path = with_bad_theme(mini_source, "links-javascript.yaml")
    assert messages(mini_source) == [f"{path}:{line}: unit 'nightlife.intro.{unit}': link target {target!r} is not "
                                     f"allowed: {why} (hint: {LINKS})" for line, unit, target, why in [
        (11, "inline", "javascript:alert(1)", "its scheme is 'javascript'"),
        (13, "autolink", "JaVaScRiPt:alert(1)", "its scheme is 'javascript'"),
        (15, "reference", "data:text/html,%3Cb%3Ehi%3C/b%3E", "its scheme is 'data'"),
        (20, "entity", "javascript:alert(1)", "its scheme is 'javascript'"),
        (20, "entity", "vbscript:msgbox", "its scheme is 'vbscript'"),
        (20, "entity", "file:///etc/passwd", "its scheme is 'file'"),
        (22, "relative", "../secret.pdf", "it is a relative address"),
        (22, "relative", "//evil.example/x", "it is a protocol-relative address"),
        (22, "relative", "%6Aavascript:alert(1)", "it is a relative address"),
    ]]


@pytest.mark.parametrize(("target", "problem"), [
    ("https://efus.eu/a?b=1#c", ""), ("HTTP://EFUS.EU", ""), ("mailto:info@efus.eu", ""), ("#police", ""), ("", ""),
    ("java\tscript:alert(1)", "it contains a space or an invisible character"),
    (" javascript:alert(1)", "it contains a space or an invisible character"),
    ("java\u200bscript:x", "it contains a space or an invisible character"),
    ("vbscript:msgbox(1)", "its scheme is 'vbscript'"), ("https:evil", "it has no host"),
    ("mailto:", "it has no e-mail address"), ("http://[::1", "it is not a well-formed address"),
])
def test_target_problem(target: str, problem: str) -> None:
    from pipeline import safety

    assert safety.target_problem(target) == problem


def test_a_units_language_is_inherited_by_its_title_and_children(mini_source: Path) -> None:
    police = mini_source / "themes" / "police.yaml"
    police.write_text(police.read_text(encoding="utf-8").replace("- kind: references\n", """\
  - id: police.practice.cellules-ecoute
    lang: fr
    title: "Les cellules d'écoute de la police"
    text: Une cellule d'écoute reçoit les victimes.
    children:
    - id: police.practice.cellules-ecoute.horaires
      text: Elle est ouverte jour et nuit.
    - id: police.practice.cellules-ecoute.english-note
      lang: en
      text: The English summary of the scheme.
- kind: references
"""), encoding="utf-8")
    practice = source.load(mini_source).theme("police").section("practices").units[-1]
    assert [(u.id, u.lang, u.origin.line) for u in practice.walk()] == [
        ("police.practice.cellules-ecoute.title", "fr", 32),
        ("police.practice.cellules-ecoute", "fr", 33),
        ("police.practice.cellules-ecoute.horaires", "fr", 36),
        ("police.practice.cellules-ecoute.english-note", "en", 39),
    ]


def test_a_theme_file_missing_from_the_theme_order_is_reported(mini_source: Path) -> None:
    (mini_source / "themes" / "stray.yaml").write_text("id: stray\ntitle: Stray\nsections: []\n", encoding="utf-8")
    assert messages(mini_source) == [
        f"{mini_source / 'edition.yaml'}:8: theme file stray.yaml is not in the edition's theme order "
        f"(hint: add 'stray' to the themes list of {mini_source / 'edition.yaml'}, or delete the file)"]


def test_a_block_value_is_located_at_its_key(tmp_path: Path) -> None:
    from pipeline.yamlsource import read

    path = tmp_path / "edition.yaml"
    path.write_text("title: Mini\nstrings:\n  a: one\nthemes:\n- police\n- nightlife\nnote: >\n  folded\n  text\n",
                    encoding="utf-8")
    doc = read(path)
    assert [doc.origin(at).line for at in [(), ("strings",), ("strings", "a"), ("themes",), ("themes", 1), ("note",),
                                           ("themes", 7), ("nothing", "here")]] == [1, 2, 3, 4, 6, 7, 4, 1]
    assert doc.origin(("themes", 1)) == Origin(str(path), 6)


def test_an_unlisted_theme_file_is_reported_at_a_block_theme_list(mini_source: Path) -> None:
    edition = mini_source / "edition.yaml"
    edition.write_text(edition.read_text().replace("themes: [police, nightlife]", "themes:\n- police\n- nightlife"))
    (mini_source / "themes" / "stray.yaml").write_text("id: stray\ntitle: Stray\nsections: []\n", encoding="utf-8")
    assert [p.split(" (hint")[0] for p in messages(mini_source)] == [
        f"{edition}:8: theme file stray.yaml is not in the edition's theme order"]
