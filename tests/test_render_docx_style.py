"""The DOCX editions as a reader opens them: converted by LibreOffice (the nearest thing to Word here)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

A4 = "pts (A4)"  # pdfinfo names the paper size


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")][:-1]  # the last form feed ends the last page


def _pictures(pdf: Path, page: int) -> int:
    listed = subprocess.run(["pdfimages", "-list", "-f", str(page), "-l", str(page), str(pdf)], capture_output=True,
                            text=True, check=True).stdout
    return sum(1 for line in listed.splitlines()[2:] if line.split()[2] == "image")  # not its alpha mask (smask)


@pytest.fixture(scope="module")
def opened(mini_build, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each language's full edition and police handout, opened and printed to PDF by LibreOffice."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is missing: `make test` installs it (Debian libreoffice-writer-nogui)")
    config, _ = mini_build
    out = tmp_path_factory.mktemp("libreoffice")
    docs = {f"{lang}/{name}": config.project.out / lang / f"{name}.docx" for lang in ("en", "fr")
            for name in ("manifesto", "handouts/police")}
    for key, path in docs.items():
        shutil.copy(path, out / f"{key.replace('/', '-')}.docx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{out}/profile", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, sorted(out.glob("*.docx")))], capture_output=True, check=True,
                   timeout=300, cwd=ROOT)
    result = {}
    for key in docs:
        pdf = out / f"{key.replace('/', '-')}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert A4 in info, f"{key} is not A4: {info}"
        result[key] = _pages(pdf)
        result[f"{key} pdf"] = pdf
        result[f"{key} pictures on page 1"] = _pictures(pdf, 1)
    return result


# The French fixture edition is a draft translation (not wholly reviewed): its footers say so; the fixture
# catalogue leaves "Nightlife" and the draft label untranslated.
DRAFT = " · Draft translation"


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "title", "footer", "contents", "themes"), [
    ("en", "Mini manifesto", "Mini manifesto", "Contents", ["Police", "Nightlife"]),
    ("fr", "Mini manifeste", "Mini manifeste" + DRAFT, "Sommaire", ["Police", "Nightlife"]),
])
def test_the_full_edition_opens_with_cover_contents_and_running_footer(
        opened: dict[str, list[str]], mini_build, lang: str, title: str, footer: str, contents: str,
        themes: list[str]) -> None:
    pages = opened[f"{lang}/manifesto"]
    # The cover is the print cover's art, filling the page, under its words as live text (no footer).
    assert opened[f"{lang}/manifesto pictures on page 1"] == 1
    assert pages[0].startswith(("MINI", "EUROPEAN", "FORUM")) or title in pages[0], pages[0]
    assert title in pages[0] and not pages[0].endswith(" 1"), pages[0]
    with zipfile.ZipFile(mini_build[0].project.out / lang / "manifesto.docx") as package:
        described = re.findall(r'descr="([^"]*)"', package.read("word/document.xml").decode())
    assert described and all(d.startswith(f"{title}. ") for d in described), described
    toc = pages[1]
    assert toc.startswith(contents) and all(theme in toc for theme in themes), toc  # entries, not an empty field
    numbers = [int(re.search(rf"{theme}\.*\s*(\d+)", toc)[1]) for theme in themes]  # each its theme's page
    assert [pages[n - 1].split()[0] for n in numbers] == [t.split()[0] for t in themes], (numbers, toc)
    for number, page in enumerate(pages[1:], start=2):
        assert page.endswith(f"{footer} {number}"), f"page {number} has no running footer: {page[-80:]!r}"
    assert [p.split()[0] for p in pages[2:2 + len(themes)]] == [t.split()[0] for t in themes]  # one page per theme


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "edition"), [("en", "Mini manifesto"), ("fr", "Mini manifeste" + DRAFT)])
def test_a_handout_footer_names_its_theme_and_counts_its_pages(
        opened: dict[str, list[str]], lang: str, edition: str) -> None:
    pages = opened[f"{lang}/handouts/police"]
    for number, page in enumerate(pages, start=1):
        assert re.sub(r" ?/ ?", "/", page).endswith(f"Police · {edition} {number}/{len(pages)}"), page[-80:]


def test_the_docx_claims_nothing_untrue_and_proofs_in_the_edition_language(mini_build) -> None:
    import zipfile

    config, _ = mini_build
    with zipfile.ZipFile(config.project.out / "fr" / "manifesto.docx") as package:
        custom = package.read("docProps/custom.xml").decode()
        styles = package.read("word/styles.xml").decode()
    names = set(re.findall(r'name="([^"]+)"', custom))
    assert names <= {"subtitle", "date"}, names  # no EPUB accessibility claims (a cover image) in the DOCX
    assert re.search(r'<w:docDefaults>.*?<w:lang [^>]*w:val="fr-FR"', styles, re.S)


def test_lists_are_set_as_in_print_bullets_near_the_margin_text_justified(mini_build) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from pipeline import house

    space = house.load().space
    path = mini_build[0].project.out / "en" / "handouts" / "police.docx"
    with zipfile.ZipFile(path) as package:
        numbering = package.read("word/numbering.xml").decode()
    bullet = r'<w:lvl w:ilvl="(\d)">.*?<w:numFmt w:val="bullet" />.*?<w:ind w:left="(\d+)" w:hanging="(\d+)"'
    levels = re.findall(bullet, numbering)
    text = (space["list-indent"] + 4 + space["list-body-indent"]) * 20  # twips; Word's default is 720 a level
    assert levels[:2] == [("0", str(round(text)), "206"), ("1", str(round(2 * text)), "206")]
    markers = [re.search(r'<w:lvlText w:val="([^"]*)" />.*<w:rFonts w:ascii="([^"]*)"', lvl).groups()
               for lvl in re.findall(r"<w:lvl .*?</w:lvl>", numbering) if '<w:lvlText w:val=" " />' not in lvl]
    assert markers[:3] == [("•", "Charis SIL"), ("–", "Charis SIL"), ("•", "Charis SIL")]  # print's, in turn
    assert not re.search("Symbol|Wingdings|Courier New", numbering)
    styles = docx.Document(str(path)).styles
    assert {styles[name].paragraph_format.alignment for name in ("Compact", "Practice")} == {WD_ALIGN_PARAGRAPH.JUSTIFY}



def _heading_tops(pdf: Path, words: tuple[str, ...]) -> list[tuple[str, int, float]]:
    """(word, page, top in points) of each of `words` that stands as a word of its own, in reading order."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page, found = 0, []
    for line in out.splitlines():
        page += line.lstrip().startswith("<page")
        word = re.search(r'yMin="([\d.]+)"[^>]*>([^<]+)</word>', line)
        if word and word[2] in words:
            found.append((word[2], page, float(word[1])))
    return found


@pytest.mark.slow
def test_sections_sit_where_print_puts_them(mini_build, opened: dict) -> None:
    """Word adds the previous paragraph's space after to a heading's space before, and sets a line's leading above
    its text; the DOCX's section headings allow for both, so each section takes the height it takes in print."""
    sections = ("Introduction", "Recommendations", "Practices", "References")
    printed = _heading_tops(mini_build[0].project.out / "en" / "handouts" / "police.pdf", sections)
    word = _heading_tops(opened["en/handouts/police pdf"], sections)
    assert [w for w, *_ in printed] == [w for w, *_ in word] == list(sections)

    def heights(tops: list[tuple[str, int, float]]) -> list[float]:
        return [b[2] - a[2] for a, b in zip(tops, tops[1:], strict=False) if a[1] == b[1]]

    assert heights(word) and len(heights(word)) == len(heights(printed))
    for in_word, in_print in zip(heights(word), heights(printed), strict=True):
        assert in_word == pytest.approx(in_print, rel=0.06), (heights(word), heights(printed))


def _rows(pdf: Path) -> list[list[list[tuple[float, float, float, float, str]]]]:
    """Each page's lines of words (x from, x to, height, bottom, text), words grouped by the line they stand on."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages: list[dict[int, list]] = []
    for line in out.splitlines():
        pages += [{}] if line.lstrip().startswith("<page") else []
        word = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', line)
        if word:
            x0, y0, x1, y1 = map(float, word.groups()[:4])
            pages[-1].setdefault(round(y1), []).append((x0, x1, y1 - y0, y1, word[5]))
    return [[sorted(row) for _, row in sorted(rows.items())] for rows in pages]


@pytest.mark.slow
@pytest.mark.parametrize("key", ["en/manifesto", "fr/manifesto", "en/handouts/police", "fr/handouts/police"])
def test_no_line_is_stretched_and_no_page_is_blank_or_the_closing_note_alone(opened: dict, key: str) -> None:
    """A justified line ended by a manual break (a practice's name) would spread its words across the line (a gap
    wider than the line is high); a page-break paragraph at a page's foot would leave a page with nothing but its
    footer; the handout's closing note must not stand alone on its last page."""
    from pipeline import house

    body_bottom = 841.89 - house.load().points("margin-bottom-mm") - 2  # the running footer sits below it
    pages = _rows(opened[f"{key} pdf"])
    first = 2 if key.endswith("manifesto") else 1  # the cover's last line sets the year at a tab
    for number, rows in enumerate(pages, start=1):
        body = [row for row in rows if row[0][3] < body_bottom]
        assert body, f"page {number} of {key} holds nothing but its footer"
        assert not " ".join(w[4] for w in body[0]).startswith(("This brief", "Cette fiche")), body[0]
        for row in body if number >= first else []:
            gaps = [b[0] - a[1] for a, b in zip(row, row[1:], strict=False)]
            assert not gaps or max(gaps) < max(w[2] for w in row), f"page {number}: {' '.join(w[4] for w in row)}"


def test_the_house_faces_are_embedded_as_word_embeds_them_and_lines_are_proportional(mini_build) -> None:
    """Each face's obfuscated file reads back (with its key) as the font file itself, and only its first 32 bytes
    differ; the body's line spacing is the house line height as a multiple of the face's own line, never exact."""
    from pipeline import house
    from pipeline.render import docx_fonts

    style = house.load()
    with zipfile.ZipFile(mini_build[0].project.out / "fr" / "handouts" / "police.docx") as package:
        table = package.read("word/fontTable.xml").decode()
        rels = package.read("word/_rels/fontTable.xml.rels").decode()
        types = package.read("[Content_Types].xml").decode()
        styles = package.read("word/styles.xml").decode()
        settings = package.read("word/settings.xml").decode()
        parts = {f"fonts/{n.split('/')[-1]}": package.read(n) for n in package.namelist() if n.endswith(".odttf")}
    assert docx_fonts.OBFUSCATED in types and "<w:embedTrueTypeFonts />" in settings
    files = {face.path.read_bytes() for face in style.faces()}
    found = set()
    for rid, key in re.findall(r'<w:embed\w+ r:id="(\w+)" w:fontKey="(\{[0-9A-F-]+\})"/>', table):
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels)[1]
        data = parts[target]
        assert data not in files and data[32:] in {f[32:] for f in files}  # obfuscated, and only its head
        found.add(docx_fonts.deobfuscate(data, key))
    assert found == files
    normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', styles, re.S)[0]
    line = re.search(r'<w:spacing [^>]*w:line="(\d+)" w:lineRule="(\w+)"', normal)
    ratio = float(style.type["line-height"]) / docx_fonts.natural_line(style, style.type["serif"])
    assert (int(line[1]), line[2]) == (round(240 * round(ratio, 3)), "auto"), line[0]
