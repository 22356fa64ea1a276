"""The content rules of `manifesto check`, one module per family (what they share is in `base`), and RULES,
the one list of the rules that run: a rule is written in its family's module and named here."""

from __future__ import annotations

from pipeline.check.rules import debris, fidelity, language, links, names, structure, typography
from pipeline.check.rules.base import Place, Rule, places, quote

__all__ = ["RULES", "Place", "Rule", "places", "quote"]

RULES: tuple[Rule, ...] = (
    # S1xx: structure
    structure.theme_id_matches_title, structure.theme_title_case, structure.section_order, structure.empty_section,
    structure.section_heading, structure.title_punctuation,
    # L2xx: links
    links.unknown_link, links.malformed_url, links.reference_variants,
    # G3xx: language
    language.untagged_passage, language.mistagged_span, language.unknown_language,
    # D4xx: debris of the export
    debris.page_number, debris.duplicate_unit, debris.repeated_sentence, debris.truncated, debris.missing_full_stop,
    debris.unbalanced, debris.doubled_word, debris.double_space, debris.glued_units,
    # T5xx: typography
    typography.quote_style, typography.language_typography, typography.stray_space,
    # N6xx: names
    names.glossary_variant,
    # F7xx: fidelity to the export
    fidelity.missing_sentence, fidelity.added_sentence, fidelity.stale_erratum,
)
