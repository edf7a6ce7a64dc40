"""The rules and the shared table agree: every name the table calls fixable has a rule."""

from __future__ import annotations

from imp_migrate._fix import fix_source
from imp_migrate._replacements import REPLACEMENTS
from imp_migrate.rules import ALL_RULES, RULES, Helper
from imp_migrate.rules._base import HelperRule
from imp_migrate.rules.find_load_pair import FIND_HELPER, LOAD_HELPER


def test_every_fixable_name_has_a_rule_and_every_rule_a_table_entry() -> None:
    fixable = {name for name, entry in REPLACEMENTS.items() if entry.fixable}
    assert fixable == set(RULES)
    assert sum(len(rule.names) for rule in ALL_RULES) == len(RULES)  # no name in two rules


def _with_requirements(helper: Helper) -> list[Helper]:
    return [helper, *(h for required in helper.requires for h in _with_requirements(required))]


def test_every_helper_says_who_wrote_it_and_defines_its_name() -> None:
    """A second run of fix recognises its helpers by this mark and reuses them."""
    rule_helpers = [rule.helper for rule in ALL_RULES if isinstance(rule, HelperRule)]
    helpers = {h.name: h for top in (FIND_HELPER, *rule_helpers) for h in _with_requirements(top)}
    assert set(helpers) >= {"_imp_find_spec", "_imp_load_spec", "_imp_load_compiled"}
    for helper in helpers.values():
        assert "(written by imp-migrate)" in helper.source
        assert helper.source.lstrip().startswith(f"def {helper.name}("), helper.name
    assert LOAD_HELPER in helpers.values()


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


def test_scan_knows_which_helpers_each_rule_adds() -> None:
    """scan decides a helper name the module already uses blocks a rewrite: same table."""
    import libcst as cst

    from imp_migrate._patterns import CALL_SIGNATURES, HELPERS
    from imp_migrate.rules import FileChanges

    added = {}
    for name, rule in RULES.items():
        changes = FileChanges()
        if name in CALL_SIGNATURES:
            parameters, required = CALL_SIGNATURES[name]
            call = cst.parse_expression(f"imp.{name}({', '.join(parameters[:required])})")
            assert isinstance(call, cst.Call)
            rule.call(name, call, changes)
        else:
            rule.reference(name, changes)
        if changes.helpers:
            added[name] = tuple(changes.helpers)
    assert added == HELPERS


def test_a_helper_name_the_module_uses_is_a_todo_for_scan_and_fix() -> None:
    from imp_migrate._finder import find_uses

    source = b"import imp\ndef _imp_load_source():\n    pass\nm = imp.load_source('m', 'm.py')\n"
    [_, use] = find_uses(source).uses
    assert (use.fixable, use.reason) == (False, "the module already defines _imp_load_source")
    result = fix_source(source)
    assert [(c.name, c.rewritten) for c in result.changes] == [("load_source", False)]
    assert b"# TODO(imp): imp.load_source the module already defines _imp_load_source" in (
        result.fixed
    )
