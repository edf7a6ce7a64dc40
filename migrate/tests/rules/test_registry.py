"""The rules and the shared table agree: every name the table calls fixable has a rule."""

from __future__ import annotations

from imp_compat._replacements import REPLACEMENTS

from imp_migrate._fix import fix_source
from imp_migrate.rules import (
    ALL_RULES,
    RULES,
    find_module,
    get_suffixes,
    load_module,
    load_source,
)
from imp_migrate.rules.find_load_pair import FIND_HELPER, LOAD_HELPER


def test_every_fixable_name_has_a_rule_and_every_rule_a_table_entry() -> None:
    fixable = {name for name, entry in REPLACEMENTS.items() if entry.fixable}
    assert fixable == set(RULES)
    assert sum(len(rule.names) for rule in ALL_RULES) == len(RULES)  # no name in two rules


def test_every_helper_says_who_wrote_it() -> None:
    """A second run of fix recognises its helpers by this mark and reuses them."""
    helpers = (find_module.HELPER, get_suffixes.HELPER, load_module.HELPER, load_source.HELPER)
    for source in (FIND_HELPER, LOAD_HELPER, *helpers):
        assert "(written by imp-migrate)" in source


def test_a_second_run_reuses_every_helper() -> None:
    source = (
        b"import imp\n"
        b"f = imp.find_module('x')\n"
        b"imp.load_module('x', *f)\n"
        b"imp.load_source('y', 'y.py')\n"
    )
    first = fix_source(source).fixed
    second = fix_source(first + b"import imp\nimp.find_module('z')\nimp.load_module('z', *f)\n")
    assert second.left_for_humans == []
    for helper in ("_imp_find_module", "_imp_get_suffixes", "_imp_load_module", "_imp_load_spec"):
        assert second.fixed.count(f"def {helper}(".encode()) == 1, helper
