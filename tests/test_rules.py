"""Every content rule: it triggers on its fixture case, with exact messages, and not on the clean one.

The cases live in tests/fixtures/check/rules.yaml, one `trigger` and one `clean` case per rule code.
"""

from __future__ import annotations

import pytest

from pipeline import check

from .rulecases import cases, findings

CODES = sorted(check.rules())


def test_every_rule_has_a_case() -> None:
    assert CODES and set(CODES) <= set(cases())


@pytest.mark.parametrize("code", CODES)
def test_rule_triggers(code: str) -> None:
    assert [f.message for f in findings(code, "trigger")] == cases()[code]["messages"]


@pytest.mark.parametrize("code", CODES)
def test_rule_stays_silent_on_clean_text(code: str) -> None:
    assert findings(code, "clean") == []
