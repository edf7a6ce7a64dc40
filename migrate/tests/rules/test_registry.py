"""The rules and the shared table agree: every name the table calls fixable has a rule."""

from __future__ import annotations

from imp_compat._replacements import REPLACEMENTS

from imp_migrate.rules import ALL_RULES, RULES
from imp_migrate.rules.find_load_pair import FIND_HELPER, LOAD_HELPER


def test_every_fixable_name_has_a_rule_and_every_rule_a_table_entry() -> None:
    fixable = {name for name, entry in REPLACEMENTS.items() if entry.fixable}
    assert fixable == set(RULES)
    assert sum(len(rule.names) for rule in ALL_RULES) == len(RULES)  # no name in two rules


def test_pair_helpers_are_only_for_names_the_table_calls_manual() -> None:
    assert not REPLACEMENTS["find_module"].fixable
    assert not REPLACEMENTS["load_module"].fixable
    assert "(written by imp-migrate)" in FIND_HELPER
    assert "(written by imp-migrate)" in LOAD_HELPER
