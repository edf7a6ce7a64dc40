"""The rewrite rules of ``imp-migrate fix``: one module per ``imp`` function or family.

A rule turns a use of ``imp.<name>`` into an expression that behaves the same without imp, or
says why it cannot. Names without a rule (``NullImporter``) are
left in place with a ``# TODO(imp):`` comment built from the shared replacement table.
``find_module``/``load_module`` pairs are recognised across statements (``find_load_pair``);
the transformer tries them before the per-name rules.
"""

from __future__ import annotations

from imp_migrate.rules._base import FileChanges, Helper, Result, Rule
from imp_migrate.rules.cache_paths import CachePaths
from imp_migrate.rules.constants import Constants
from imp_migrate.rules.cpython_imp import CpythonImp
from imp_migrate.rules.find_module import FindModule

# The removed importlib/pkgutil names beyond imp (``_legacy_api``), one rule per name.
from imp_migrate.rules.finder_methods import FinderFindLoader, FinderFindModule, MethodRule
from imp_migrate.rules.get_magic import GetMagic
from imp_migrate.rules.get_suffixes import GetSuffixes
from imp_migrate.rules.get_tag import GetTag
from imp_migrate.rules.importlib_find_loader import ImportlibFindLoader
from imp_migrate.rules.is_frozen import IsFrozen
from imp_migrate.rules.load_compiled import LoadCompiled
from imp_migrate.rules.load_module import LoadModule
from imp_migrate.rules.load_source import LoadSource
from imp_migrate.rules.load_with_description import LoadWithDescription
from imp_migrate.rules.loader_decorators import ModuleForLoader, SetLoader, SetPackage
from imp_migrate.rules.loader_methods import LoaderLoadModule, LoaderModuleRepr
from imp_migrate.rules.new_module import NewModule
from imp_migrate.rules.pkgutil_loaders import PkgutilFindLoader, PkgutilGetLoader
from imp_migrate.rules.reload import Reload
from imp_migrate.rules.removed_classes import Finder, ImpImporter, ImpLoader

ALL_RULES: tuple[Rule, ...] = (
    CachePaths(),
    Constants(),
    CpythonImp(),
    FindModule(),
    GetMagic(),
    GetSuffixes(),
    GetTag(),
    IsFrozen(),
    LoadCompiled(),
    LoadModule(),
    LoadSource(),
    LoadWithDescription(),
    NewModule(),
    Reload(),
)

RULES: dict[str, Rule] = {name: rule for rule in ALL_RULES for name in rule.names}
"""The rule for each ``imp`` name that has one."""

LEGACY_RULES: dict[str, Rule] = {
    name: rule
    for rule in (
        ImpImporter(),
        ImpLoader(),
        Finder(),
        ImportlibFindLoader(),
        ModuleForLoader(),
        SetLoader(),
        SetPackage(),
        PkgutilFindLoader(),
        PkgutilGetLoader(),
        FinderFindModule(),
        FinderFindLoader(),
        LoaderLoadModule(),
        LoaderModuleRepr(),
    )
    for name in rule.names
}
"""The rule for each removed importlib/pkgutil name, by its label in ``_legacy_api.NAMES``."""

__all__ = [
    "ALL_RULES",
    "LEGACY_RULES",
    "RULES",
    "FileChanges",
    "Helper",
    "MethodRule",
    "Result",
    "Rule",
]
