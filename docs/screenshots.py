"""`make screenshots`: one page of each format as a PNG under docs/, as a reader sees it (for the README).

PDF through poppler's pdftoppm, DOCX through LibreOffice (the nearest thing to Word here), EPUB through headless
Chromium showing one chapter with the book's own stylesheet and fonts.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "output"
DOCS = ROOT / "docs"
#: (picture, edition, page): a theme's first page of the full edition, a handout, an e-book chapter.
SHOTS = (("pdf-page", OUT / "en" / "manifesto.pdf", 3), ("docx-handout", OUT / "fr" / "handouts" / "police.docx", 1),
         ("epub-chapter", OUT / "en" / "manifesto.epub", 1),
         # One page in each language added to English and French (a draft's first chapter is its notice).
         ("de-pdf-handout", OUT / "de" / "handouts" / "police.pdf", 1),
         ("es-docx-handout", OUT / "es" / "handouts" / "nightlife.docx", 1),
         ("it-epub-chapter", OUT / "it" / "manifesto.epub", 2),
         ("pt-pdf-page", OUT / "pt" / "manifesto.pdf", 1))
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pdf_page(pdf: Path, page: int, png: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(png.with_suffix(""))], check=True)


def docx_page(docx: Path, page: int, png: Path, scratch: Path) -> None:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{scratch}/profile", "--convert-to",
                    "pdf", "--outdir", str(scratch), str(docx)], check=True, capture_output=True, timeout=300)
    pdf_page(scratch / f"{docx.stem}.pdf", page, png)


def epub_chapter(epub: Path, chapter: int, png: Path, scratch: Path) -> None:
    with zipfile.ZipFile(epub) as package:
        package.extractall(scratch / "epub")
    page = scratch / "epub" / "EPUB" / "text" / f"ch{chapter:03d}.xhtml"
    subprocess.run([*CHROMIUM, f"--user-data-dir={scratch}/chromium", f"--screenshot={png}",
                    "--window-size=700,1000", page.as_uri()], check=True, capture_output=True, timeout=120)


def main() -> int:
    missing = [str(path) for _, path, _ in SHOTS if not path.exists()]
    if missing:
        print(f"screenshots: {', '.join(missing)} not built; run `make all` first", file=sys.stderr)
        return 1
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="manifesto-shots-") as tmp:
        scratch = Path(tmp)
        for name, path, page in SHOTS:
            png = DOCS / f"{name}.png"
            if path.suffix == ".pdf":
                pdf_page(path, page, png)
            elif path.suffix == ".docx":
                docx_page(path, page, png, scratch)
            else:
                epub_chapter(path, page, png, scratch)
            print(png.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
