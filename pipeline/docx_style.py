"""The DOCX house style: pandoc's own reference.docx, restyled with python-docx, cached by this file's hash."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from . import files, pandoc

NAVY = "1B365D"
TEAL = "0E7C7B"
BODY_FONT = "Georgia"
HEADING_FONT = "Arial"
#: (style, size in points, colour, bold, space before, space after) for the headings and title block.
HEADINGS: tuple[tuple[str, float, str, bool, int, int], ...] = (
    ("Title", 28, NAVY, True, 0, 6),
    ("Subtitle", 15, TEAL, False, 0, 12),
    ("Heading 1", 20, NAVY, True, 24, 10),
    ("Heading 2", 14, NAVY, True, 18, 6),
    ("Heading 3", 12, NAVY, True, 12, 4),
)


def ensure(cache: Path) -> Path:
    """The reference.docx for this version of the style (made once into `cache`, then reused)."""
    key = hashlib.sha256(Path(__file__).read_bytes() + pandoc.version().encode()).hexdigest()[:12]
    path = cache / f"reference-{key}.docx"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        files.write_bytes(path, make())
    return path


def make() -> bytes:
    """The restyled reference document, as bytes."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.shared import Pt, RGBColor

    document = docx.Document(io.BytesIO(pandoc.default_reference_docx()))
    styles = document.styles
    _font(styles["Normal"], BODY_FONT, 10.5)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.15
    for name in ("Body Text", "First Paragraph"):
        styles[name].paragraph_format.space_before, styles[name].paragraph_format.space_after = Pt(0), Pt(6)
    styles["Compact"].paragraph_format.space_before = Pt(0)
    styles["Compact"].paragraph_format.space_after = Pt(4)  # list items: tight, but not touching
    for name, size, colour, bold, before, after in HEADINGS:
        style = styles[name]
        _font(style, HEADING_FONT, size)
        style.font.color.rgb = RGBColor.from_string(colour)
        style.font.bold = bold
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(after)
    footer = styles.add_style("Handout Footer", WD_STYLE_TYPE.PARAGRAPH)
    footer.base_style = styles["Normal"]
    _font(footer, HEADING_FONT, 8)
    footer.font.color.rgb = RGBColor.from_string(NAVY)
    footer.paragraph_format.space_before = Pt(18)
    unknown = styles.add_style("Unknown Link", WD_STYLE_TYPE.CHARACTER)
    unknown.font.italic = True  # a publication whose link was lost: a title, set as titles are
    # Hyphenate automatically, by each run's language (Word's setting; LibreOffice reads it too).
    document.settings.element.append(OxmlElement("w:autoHyphenation"))
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip_times(out.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same package with every entry dated 1980-01-01: pandoc copies some parts (theme, fonts) as they are,
    and their zip dates would otherwise make each DOCX depend on when its reference was made."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info))
    return out.getvalue()


def _font(style, name: str, size: float) -> None:
    from docx.shared import Pt

    style.font.name = name
    style.font.size = Pt(size)
