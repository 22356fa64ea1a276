"""Every content rule: it triggers on its fixture case, with exact messages, and not on the clean one.

The cases live in tests/fixtures/check/rules.yaml, one `trigger` and one `clean` case per rule code.
"""

from __future__ import annotations

import pytest

from pipeline import check

from .rulecases import cases, findings

CODES = sorted(check.known_rules())


def test_every_rule_has_a_case() -> None:
    assert CODES and set(CODES) <= set(cases())


@pytest.mark.parametrize("code", CODES)
def test_rule_triggers(code: str) -> None:
    assert [f.message for f in findings(code, "trigger")] == cases()[code]["messages"]


@pytest.mark.parametrize("code", CODES)
def test_rule_stays_silent_on_clean_text(code: str) -> None:
    assert findings(code, "clean") == []


#: Further cases of a rule (`CODE/what` in rules.yaml), e.g. D402's duplicate across two sections of a theme.
VARIANTS = sorted(name for name in cases() if "/" in name)


def test_every_variant_names_a_rule() -> None:
    assert VARIANTS and {name.split("/")[0] for name in VARIANTS} <= set(CODES)


@pytest.mark.parametrize("name", VARIANTS)
def test_rule_variant_triggers(name: str) -> None:
    assert [f.message for f in findings(name, "trigger")] == cases()[name]["messages"]


@pytest.mark.parametrize("name", VARIANTS)
def test_rule_variant_stays_silent_on_clean_text(name: str) -> None:
    assert findings(name, "clean") == []


def test_rules_read_the_edition_boilerplate_too() -> None:
    from dataclasses import replace

    from .rulecases import mini

    edition = mini()
    strings = tuple(replace(u, text="Table of  contents") if u.id == "toc.title" else u for u in edition.strings)
    report = check.check(replace(edition, strings=strings), check.Config(select=("D408",)))
    assert [(f.subject, f.message) for f in report.findings] == [("toc.title", '2 spaces after "Table of"')]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("terms:\n- canonical: Efus\n  variants: EFUS\n", 3,
     "bad value at terms.0.variants: 'EFUS' is not of type 'array'"),
    ("terms:\n- canonical: Efus\n  variants: [EFUS]\n  lang: [en]\n", 2,
     "unknown key at terms.0: Additional properties are not allowed ('lang' was unexpected)"),
    ("terms:\n- variants: [EFUS]\n", 2, "missing key at terms.0: 'canonical' is a required property"),
])
def test_a_malformed_names_glossary_is_one_clear_error(tmp_path, text: str, line: int, message: str) -> None:
    from pipeline.check.rules import names
    from pipeline.errors import ConfigError

    (tmp_path / "glossary.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        names.glossary(str(tmp_path))
    assert (caught.value.origin.line, caught.value.message) == (line, message)
    assert caught.value.origin.path == str(tmp_path / "glossary.yaml") and caught.value.hint
