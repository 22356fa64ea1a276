"""Fitting print: a theme whose last page would hold only a few lines is set tighter, within the house style's
`[fit]` limits; so is one whose last page would be short, if that saves the page. Typst reports where each theme
ends (`<theme-end>`, templates/typst/style.typ), in the same compilation as the PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline import house
from pipeline.tools import typst_pdf

Ends = list[tuple[str, int, float]]  # (theme, page, height from the page's top) where each theme's text ends


@dataclass(frozen=True)
class Fitted:
    """A document as print sets it: the PDF, the themes set tighter, and where each theme's text ends."""

    pdf: bytes
    themes: list[str]
    ends: Ends

    @property
    def full_to_the_foot(self) -> bool:
        """Whether a theme's text ends within `[fit] word-lines` of its last page's foot: Word breaks lines one
        at a time, where Typst weighs each paragraph whole, so Word would spill those lines onto a new page."""
        depth = house.load().word_depth
        return any(y > depth for _, _, y in self.ends)


def fit(typst: Callable[[list[str]], str], epoch: int) -> Fitted:
    """The document the Typst source `typst(fitted)` makes, fitted. Each theme starts a page, so each is judged
    on its own: one compilation as usual, one with every short theme tighter when there is one, and one more only
    when some of them are kept as usual."""
    loose, ends = typst_pdf.pdf_and_theme_ends(typst([]), epoch)
    trial = spare_themes(ends)
    if not trial:
        return Fitted(loose, [], ends)
    tight, tight_ends = typst_pdf.pdf_and_theme_ends(typst(trial), epoch)
    before, after, runts = theme_pages(ends), theme_pages(tight_ends), runt_themes(ends)
    fitted = [theme for theme in trial if theme in runts or after[theme] < before[theme]]
    if fitted == trial:
        return Fitted(tight, fitted, tight_ends)
    if not fitted:
        return Fitted(loose, [], ends)
    pdf, final = typst_pdf.pdf_and_theme_ends(typst(fitted), epoch)
    return Fitted(pdf, fitted, final)


def runt_themes(ends: Ends) -> list[str]:
    """The themes whose text ends a few lines into a page after the first (house style `[fit] runt-lines`), of
    the (theme, page, height) where each ends (`typst_pdf.pdf_and_theme_ends`)."""
    depth = house.load().runt_depth
    return [theme for theme, page, y in ends if page > 1 and y < depth]


def spare_themes(ends: Ends) -> list[str]:
    """The themes whose last page, after the first, would be short (house style `[fit] spare-lines`)."""
    depth = house.load().spare_depth
    return [theme for theme, page, y in ends if page > 1 and y < depth]


def theme_pages(ends: Ends) -> dict[str, int]:
    """The pages each theme takes: where it ends, less where the one before it ended (the first: the page it ends
    on, front matter included, which its spacing does not change)."""
    pages, before = {}, 0
    for theme, page, _ in ends:
        pages[theme], before = page - before, page
    return pages
