"""The debris rules (Dxxx): each triggers on its fixture case, with exact messages, and not on the clean one."""

from __future__ import annotations

import pytest

from .rulecases import cases, family, findings

CODES = family('debris')


def test_every_debris_rule_has_a_case() -> None:
    assert CODES and set(CODES) <= set(cases())


@pytest.mark.parametrize("code", CODES)
def test_rule_triggers(code: str) -> None:
    assert [f.message for f in findings(code, "trigger")] == cases()[code]["messages"]


@pytest.mark.parametrize("code", CODES)
def test_rule_stays_silent_on_clean_text(code: str) -> None:
    assert findings(code, "clean") == []
