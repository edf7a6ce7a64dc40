"""The rules and the shared table agree: every name the table calls fixable has a rule."""

from __future__ import annotations

from imp_compat._replacements import REPLACEMENTS

from imp_migrate.rules import ALL_RULES, RULES, find_module, load_module, load_source
from imp_migrate.rules.find_load_pair import FIND_HELPER, LOAD_HELPER


def test_every_fixable_name_has_a_rule_and_every_rule_a_table_entry() -> None:
    fixable = {name for name, entry in REPLACEMENTS.items() if entry.fixable}
    assert fixable == set(RULES)
    assert sum(len(rule.names) for rule in ALL_RULES) == len(RULES)  # no name in two rules


def test_every_helper_says_who_wrote_it() -> None:
    """A second run of fix recognises its helpers by this mark and reuses them."""
    helpers = (FIND_HELPER, LOAD_HELPER, find_module.HELPER, load_module.HELPER, load_source.HELPER)
    for source in helpers:
        assert "(written by imp-migrate)" in source
