"""Tests for import-review: an edited review DOCX read back into the catalogue, conflicts and bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import polib
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from pipeline import catalog, cli, source
from pipeline.catalog import extract
from pipeline.errors import ReviewError
from pipeline.review import export as review_export
from pipeline.review.merge import import_review, report

from .test_review import EPOCH, FUZZY_ID, QUERY, make_catalogue

TRAIN = "police.rec.train-officers"
TRAIN_FIXED = "Former les policiers à l'écoute, à la communication et à la médiation avec les citoyens."


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """(source, translations, exported fr.docx)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    src, tdir = make_catalogue(tmp_path)
    review_export.export(["fr"], tdir, tmp_path / "out")
    return src, tdir, tmp_path / "out" / "fr.docx"


def edit(path: Path, edits: dict[str, dict[int, str]], to: Path | None = None) -> Path:
    """Set cells (column index -> text) of the rows of the given unit ids, as a reviewer would, and save."""
    doc = docx.Document(str(path))
    for table in doc.tables:
        for row in table.rows[1:]:
            for column, text in edits.get(row.cells[0].paragraphs[0].text, {}).items():
                row.cells[column].text = text
    doc.save(str(to or path))
    return to or path


def pick(path: Path, unit: str, status: str) -> None:
    """Choose `status` in the row's drop-down list, as Word does: the content control keeps, its text changes."""
    doc = docx.Document(str(path))
    cell = next(r.cells[3] for t in doc.tables for r in t.rows if r.cells[0].paragraphs[0].text == unit)
    assert status in cell._tc.xpath(".//w:listItem/@w:value")
    cell._tc.xpath(".//w:sdtContent//w:t")[0].text = status
    doc.save(str(path))


def entries(tdir: Path) -> dict[str, str]:
    return {e.msgctxt: str(e) for e in polib.pofile(str(tdir / "fr.po"))}


def test_round_trip_changes_exactly_the_edited_entries(setup: tuple[Path, Path, Path]) -> None:
    _, tdir, path = setup
    before = entries(tdir)
    pick(path, "police.rec.coordination", "reviewed")
    edit(path, {TRAIN: {2: TRAIN_FIXED}, "police.title": {4: "Same word in French.\nreviewed: keep"},
                FUZZY_ID: {3: " Reviewed "},
                "police.ref.manifesto-2017": {2: "[Manifeste 2017]{.link-unknown}", 3: "translated"}})
    result = import_review("fr", path, tdir)
    assert report(result) == [f"{tdir}/fr.po: 2 changed, 2 reviewed, 1 comments, 0 conflicts"]
    after = entries(tdir)
    touched = {TRAIN, "police.title", "police.rec.coordination", FUZZY_ID, "police.ref.manifesto-2017"}
    assert {k for k in before if before[k] != after[k]} == touched
    cat = catalog.load("fr", tdir)
    assert (cat.get(TRAIN).msgstr, cat.get(TRAIN).status, cat.get(TRAIN).notes) == (
        TRAIN_FIXED, "translated", ("Check the term with the editor.",))
    assert cat.get("police.title").notes == ("Same word in French.", "note: reviewed: keep")
    assert cat.get("police.title").status == "translated"
    assert cat.get("police.rec.coordination").status == "reviewed"
    assert (cat.get(FUZZY_ID).status, cat.get(FUZZY_ID).previous_msgid) == ("reviewed", "")
    assert cat.get("police.ref.manifesto-2017").status == "translated"
    fuzzy = cat.get(FUZZY_ID)
    assert f"# reviewed: 2025-01-01 {catalog.review_hash(FUZZY_ID, fuzzy.msgid, fuzzy.msgstr)}" in after[FUZZY_ID]


def test_unchanged_file_leaves_the_po_byte_identical(setup: tuple[Path, Path, Path]) -> None:
    _, tdir, path = setup
    # Someone edits the catalogue after the export: rows the reviewer did not touch must not undo that.
    catalog.apply("fr", tdir, [catalog.Change("nightlife.ref.flash-report", msgstr="[Rapport flash](https://x.fr)")])
    po = (tdir / "fr.po").read_bytes()
    result = import_review("fr", edit(path, {}), tdir)
    assert report(result) == [f"{tdir}/fr.po: 0 changed, 0 reviewed, 0 comments, 0 conflicts (unchanged)"]
    assert (tdir / "fr.po").read_bytes() == po


def test_source_changed_since_export_is_a_conflict(setup: tuple[Path, Path, Path]) -> None:
    src, tdir, path = setup
    edit(path, {TRAIN: {2: TRAIN_FIXED}, "police.intro.good-relations": {2: "Autre texte."}})
    theme = src / "themes" / "police.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("decisive factor", "key factor"), encoding="utf-8")
    extract.update(source.load(src), "fr", tdir)
    result = import_review("fr", path, tdir)
    assert report(result) == [
        f"{tdir}/fr.po: 1 changed, 0 reviewed, 0 comments, 1 conflicts",
        "  conflict police.intro.good-relations: its source changed since the export; skipped"]
    assert catalog.load("fr", tdir).get("police.intro.good-relations").status == "fuzzy"


def test_translation_edited_in_both_places_is_a_conflict(setup: tuple[Path, Path, Path]) -> None:
    _, tdir, path = setup
    catalog.apply("fr", tdir, [catalog.Change(TRAIN, msgstr="Former les agents.")])
    edit(path, {TRAIN: {2: TRAIN_FIXED}, "police.title": {1: "Policing"}})
    result = import_review("fr", path, tdir)
    assert report(result)[1:] == [
        f"  conflict {TRAIN}: its translation was also changed in the catalogue since the export; skipped",
        "  ignored police.title: its read-only id or source cell was edited"]
    assert catalog.load("fr", tdir).get(TRAIN).msgstr == "Former les agents."


def test_review_withdrawn_and_review_of_a_text_changed_since(setup: tuple[Path, Path, Path]) -> None:
    _, tdir, path = setup
    catalog.apply("fr", tdir, [catalog.Change("police.rec.coordination", msgstr="Mieux se connaître\u00a0:")])
    pick(path, "police.intro.good-relations", "translated")
    pick(path, "police.rec.coordination", "reviewed")
    result = import_review("fr", path, tdir)
    assert report(result) == [
        f"{tdir}/fr.po: 0 changed, 0 reviewed, 0 comments, 1 conflicts",
        "  conflict police.rec.coordination: its translation changed in the catalogue since the export, so the "
        "review would apply to a text the reviewer did not see; skipped"]
    cat = catalog.load("fr", tdir)
    assert (cat.get("police.intro.good-relations").status, cat.get("police.rec.coordination").status) == (
        "translated", "translated")
    assert not any(c.startswith("reviewed:") for c in cat.get("police.intro.good-relations").translator_comments)


def test_word_markup_tracked_changes_comments_and_empty_rows(setup: tuple[Path, Path, Path]) -> None:
    _, tdir, path = setup
    doc = docx.Document(str(path))
    cell = next(r.cells[2] for t in doc.tables for r in t.rows if r.cells[0].paragraphs[0].text == "nightlife.title")
    p = cell.paragraphs[0]._p
    p.get_or_add_pPr().append(parse_xml(f'<w:tabs {nsdecls("w")}><w:tab w:val="left" w:pos="720"/></w:tabs>'))
    p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="R"><w:r><w:delText> nocturne</w:delText></w:r>'
                       '</w:del>'))
    p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="R"><w:r><w:t xml:space="preserve"> de nuit'
                       '</w:t><w:noBreakHyphen/><w:t>ok</w:t></w:r></w:ins>'))
    doc.tables[2].add_row()  # Word adds one on a Tab in the last cell
    doc.add_comment(cell.paragraphs[0].runs, text="Plutôt « la nuit »\u00a0?\nÀ voir.", author="Ana")
    doc.save(str(path))
    before = (tdir / "fr.po").read_bytes()
    result = import_review("fr", path, tdir)  # tracked changes nobody accepted: the row is refused whole
    assert (result.changed, result.comments, result.written) == ((), (), False)
    assert [(r.id, r.where) for r in result.refused] == [("nightlife.title", f"{path.name}, table 3, row 2")]
    assert result.refused[0].reason.startswith("2 tracked change(s) not accepted")
    assert (tdir / "fr.po").read_bytes() == before
    _accept_all(path)
    result = import_review("fr", path, tdir)
    assert (result.changed, result.comments, result.refused) == (("nightlife.title",), ("nightlife.title",), ())
    entry = catalog.load("fr", tdir).get("nightlife.title")
    assert entry.msgstr == "Vie nocturne de nuit\u2011ok"
    assert entry.notes == (QUERY, "Ana: Plutôt « la nuit »\u00a0? À voir.")
    assert entry.queries == (QUERY.removeprefix("query: "),)  # the query in the Comment cell came back
    assert import_review("fr", path, tdir).written is False  # importing the same file twice changes nothing


def _accept_all(path: Path) -> None:
    """What Word's Review > Accept All does: inserted runs kept as plain runs, deleted ones gone."""
    doc = docx.Document(str(path))
    body = doc.element.body
    for deleted in body.xpath(".//w:del"):
        deleted.getparent().remove(deleted)
    for inserted in body.xpath(".//w:ins"):
        parent = inserted.getparent()
        for child in list(inserted):
            inserted.addprevious(child)
        parent.remove(inserted)
    doc.save(str(path))


@pytest.mark.parametrize("case, message", [
    ("text", "not a DOCX file (it is not a ZIP package) (hint: give the .docx written by `manifesto review fr` "
             "(saved in Word format, not .doc, .odt or .pdf))"),
    ("truncated", "the DOCX is truncated: its ZIP directory is missing (hint: save it again from Word, or take it "
                  "again from the mail or share it came from)"),
    ("odt", "not a DOCX file (a ZIP package without a Word document: an .odt, .xlsx or other archive) (hint: give "
            "the .docx written by `manifesto review fr` (saved in Word format, not .doc, .odt or .pdf))"),
    ("plain", "not a review file: it has no `manifesto-review` marker (hint: export one with `manifesto review fr` "
              "and edit that)"),
    ("english", "this review file is for 'en' (format 1), not 'fr' (hint: run `manifesto import-review en {path}`)"),
    ("unknown", "1 row(s) no longer match the catalogue {tdir}/fr.po: police.rec.gone; nothing imported (hint: the "
                "units were removed or renamed since the export: export a fresh file with `manifesto review fr` "
                "and carry the edits over)"),
    ("status", "table 2, row 4 (police.rec.train-officers): status 'revewed' is not understood (hint: write "
               "`reviewed`, or leave `translated`)"),
    ("fuzzy", f"table 2, row 6 ({FUZZY_ID}): status changed to 'translated'; only `reviewed` can be set (hint: "
              "write `reviewed` to approve the translation, or leave `fuzzy`)"),
    ("empty", "table 2, row 10 (police.ref.manifesto-2017): marked reviewed but has no translation (hint: write the "
              "translation, or set the status back)"),
])
def test_bad_files_are_refused_without_change(setup: tuple[Path, Path, Path], case: str, message: str) -> None:
    src, tdir, exported = setup
    path = _bad(case, exported, src, tdir)
    po = (tdir / "fr.po").read_bytes()
    with pytest.raises(ReviewError) as caught:
        import_review("fr", path, tdir)
    assert str(caught.value) == f"{path}: " + message.format(path=path, tdir=tdir)
    assert (tdir / "fr.po").read_bytes() == po


def _bad(case: str, exported: Path, src: Path, tdir: Path) -> Path:
    path = exported.with_name(f"{case}.docx")
    good = {TRAIN: {2: TRAIN_FIXED}}  # a valid edit in every file: it must not land either
    if case == "text":
        path.write_text("id\tsource\ttranslation\n", encoding="utf-8")
    elif case == "truncated":
        path.write_bytes(exported.read_bytes()[: exported.stat().st_size // 2])
    elif case == "odt":
        with zipfile.ZipFile(path, "w") as odt:
            odt.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            odt.writestr("content.xml", "<office:document-content/>")
    elif case == "plain":
        docx.Document().save(str(path))
    elif case == "english":
        extract.update(source.load(src), "en", tdir)
        review_export.export(["en"], tdir, exported.parent)
        path = exported.with_name("en.docx")
    elif case == "unknown":
        doc = docx.Document(str(edit(exported, good, path)))
        doc.tables[1].rows[4].cells[0].paragraphs[0].runs[0].text = "police.rec.gone"
        doc.save(str(path))
    elif case == "status":
        edit(exported, {"police.title": {3: "reviewed"}, TRAIN: {2: TRAIN_FIXED, 3: "Revewed"}}, path)
    elif case == "empty":
        edit(exported, {**good, "police.ref.manifesto-2017": {3: "reviewed"}}, path)
    else:
        edit(exported, {**good, FUZZY_ID: {3: "translated"}}, path)
    return path


def test_cli_prints_the_report_or_one_error_line(setup: tuple[Path, Path, Path],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _, tdir, path = setup
    edit(path, {TRAIN: {3: "reviewed"}})
    assert cli.main(["import-review", "fr", str(path), "--translations", str(tdir)]) == 0
    assert capsys.readouterr().out == f"{tdir}/fr.po: 0 changed, 1 reviewed, 0 comments, 0 conflicts\n"
    assert cli.main(["import-review", "fr", str(tdir / "fr.po"), "--translations", str(tdir)]) == 1
    assert capsys.readouterr().err.startswith(f"review: {tdir}/fr.po: not a DOCX file")


def test_the_command_exits_non_zero_when_it_skipped_conflicts(setup: tuple[Path, Path, Path], capsys) -> None:
    # Scripts must notice that part of the review was not imported (the rest was, and is kept).
    _, tdir, path = setup
    catalog.apply("fr", tdir, [catalog.Change(TRAIN, msgstr="Former les agents.")])
    edit(path, {TRAIN: {2: TRAIN_FIXED}})
    assert cli.main(["import-review", "fr", str(path), "--translations", str(tdir)]) == 1
    assert f"  conflict {TRAIN}: its translation was also changed" in capsys.readouterr().out


def test_a_review_already_recorded_in_the_catalogue_is_not_recorded_again(
        setup: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _, tdir, path = setup
    catalog.apply("fr", tdir, [catalog.Change(TRAIN, reviewed=True)])  # reviewed in Poedit after the export
    po = (tdir / "fr.po").read_bytes()
    pick(path, TRAIN, "reviewed")  # the reviewer approves the same text in Word
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # a year later
    result = import_review("fr", path, tdir)
    assert report(result) == [f"{tdir}/fr.po: 0 changed, 0 reviewed, 0 comments, 0 conflicts (unchanged)"]
    assert (tdir / "fr.po").read_bytes() == po


def test_the_same_edit_in_word_and_in_the_catalogue_is_no_conflict(setup: tuple[Path, Path, Path]) -> None:
    _, tdir, path = setup
    catalog.apply("fr", tdir, [catalog.Change(TRAIN, msgstr=TRAIN_FIXED)])
    po = (tdir / "fr.po").read_bytes()
    result = import_review("fr", edit(path, {TRAIN: {2: TRAIN_FIXED}}), tdir)
    assert report(result) == [f"{tdir}/fr.po: 0 changed, 0 reviewed, 0 comments, 0 conflicts (unchanged)"]
    assert (tdir / "fr.po").read_bytes() == po


def test_a_query_written_in_the_comment_column_reaches_the_catalogue(setup: tuple[Path, Path, Path]) -> None:
    _, tdir, path = setup
    asked = "query: 'municipal authorities' or 'local authorities'? The source uses both."
    edit(path, {TRAIN: {4: f"Check the term with the editor.\n{asked}"}, "nightlife.title": {4: ""}})
    result = import_review("fr", path, tdir)
    assert set(result.comments) == {TRAIN, "nightlife.title"}
    cat = catalog.load("fr", tdir)
    assert cat.get(TRAIN).queries == (asked.removeprefix("query: "),)
    assert cat.get(TRAIN).remarks == ("Check the term with the editor.",)
    assert cat.get("nightlife.title").queries == ()  # the reviewer answered it and deleted the line


BROKEN_SPAN = "Un accord ([Partenariat Local de Prévention]{lang=fr .name .link-unknown en français) est un accord."


def test_rows_the_build_or_qa_would_refuse_are_refused_and_the_rest_imported(setup: tuple[Path, Path, Path],
                                                                             capsys) -> None:
    _, tdir, path = setup
    before = catalog.load("fr", tdir)
    edit(path, {TRAIN: {2: TRAIN_FIXED},
                "police.practice.belgian-partnerships": {2: BROKEN_SPAN},  # Q102
                "nightlife.ref.flash-report": {2: "[Rapport flash](javascript:alert(1))"},  # Q106, the guard's
                "nightlife.title": {2: "Vie\u202enocturne"}})  # a bidi override (Q107)
    assert cli.main(["import-review", "fr", str(path), "--translations", str(tdir), "--reviewer", "Ana"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{tdir}/fr.po: 1 changed, 0 reviewed, 0 comments, 0 conflicts"
    refused = {line.split()[1]: line for line in out[1:]}
    assert set(refused) == {"police.practice.belgian-partnerships", "nightlife.ref.flash-report", "nightlife.title"}
    assert " Q102 " in refused["police.practice.belgian-partnerships"]
    assert " Q106 " in refused["nightlife.ref.flash-report"] and "javascript" in refused["nightlife.ref.flash-report"]
    assert refused["nightlife.title"].startswith(f"  refused nightlife.title ({path.name}, table 3, row 2): Q107 ")
    assert refused["nightlife.title"].endswith("; not imported")
    after = catalog.load("fr", tdir)
    for unit in refused:
        assert after.get(unit).msgstr == before.get(unit).msgstr
    assert after.get(TRAIN).msgstr == TRAIN_FIXED
    assert "Last-Translator: Ana\n" in polib.pofile(str(tdir / "fr.po")).metadata_as_entry().msgstr


def test_a_review_records_who_reviewed(setup: tuple[Path, Path, Path], monkeypatch, capsys) -> None:
    _, tdir, path = setup
    pick(path, "police.rec.coordination", "reviewed")
    monkeypatch.setattr("pipeline.project.git_user_name", lambda: "Git User")
    assert cli.main(["import-review", "fr", str(path), "--translations", str(tdir)]) == 0
    entry = catalog.load("fr", tdir).get("police.rec.coordination")
    assert (entry.status, entry.reviewer) == ("reviewed", "Git User")
    digest = catalog.review_hash(entry.msgctxt, entry.msgid, entry.msgstr)
    assert f"reviewed: 2025-01-01 {digest} Git User" in entry.translator_comments
    assert polib.pofile(str(tdir / "fr.po")).metadata["Last-Translator"] == "Git User"
    catalog.apply("fr", tdir, [catalog.Change(entry.msgctxt, msgstr=entry.msgstr + " ")])  # edited after review
    assert catalog.load("fr", tdir).get(entry.msgctxt).reviewer == ""
