"""Render scan results: readable text grouped by file with summary tables, or JSON for tools."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any, TextIO

from imp_migrate._finder import Use
from imp_migrate._scan import ScanResult

JSON_VERSION = 1


def label(use: Use) -> str:
    """How a use is named in summaries: ``imp.find_module``, ``import imp``, ``'imp' string``."""
    if use.kind in ("legacy-finder", "legacy-api"):
        return use.name
    if use.name != "imp":
        return f"imp.{use.name}"
    return {
        "import": "import imp",
        "dynamic-import": "__import__('imp')",
        "text": "imp (unparsed line)",
        "module": "imp (the module object)",
        "feature-test": "hasattr(imp, ...)",
        "mention": "'imp' mention",
    }.get(use.kind, "'imp' string")


def printable(text: str) -> str:
    """``text`` with every character a terminal would act on escaped, as ``repr`` spells it.

    Paths, source lines and error messages come from the user's files: a control character
    (an escape sequence, a carriage return, a lone surrogate from an undecodable file name)
    must show as text, neither drive the terminal nor fail to encode.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def write_text(result: ScanResult, stream: TextIO) -> None:
    """Uses grouped by file, then per-function and per-group tables, then one summary line."""
    for file_result in result.files:
        if not file_result.uses and file_result.error is None:
            continue
        header = printable(file_result.path)
        if file_result.error is not None:
            approximate = "; uses below found by tokens" if file_result.uses else ""
            header += f"  [{printable(file_result.error)}{approximate}]"
        print(header, file=stream)
        for use in file_result.uses:
            where = f"{use.line}:{use.col}"
            how = "fix" if use.fixable else "manual"
            if file_result.error is not None:
                how = "unparsed"  # fix never rewrites a file it cannot parse
            if not use.is_use:
                how = "note"  # a string 'imp' that names no module: not a use
            code, replacement = printable(use.code), printable(use.replacement)
            print(f"  {where:<9} {code:<28} [{how}] -> {replacement}", file=stream)
        print(file=stream)
    if result.use_count:
        _write_function_table(result, stream)
        _write_group_table(result, stream)
    print(summary_line(result), file=stream)


def summary_line(result: ScanResult) -> str:
    files_with_uses = len({id(file_result) for file_result, _ in result.uses})
    legacy = sum(1 for _, use in result.uses if use.kind == "legacy-api")
    counted = f"{result.use_count} use{'s' * (result.use_count != 1)} of imp"
    if legacy:  # removed importlib/pkgutil names (_legacy_api)
        imp_uses = result.use_count - legacy
        counted = (
            f"{imp_uses} use{'s' * (imp_uses != 1)} of imp and {legacy} of removed "
            "importlib/pkgutil names"
        )
    line = (
        f"{counted} in {files_with_uses} "
        f"file{'s' * (files_with_uses != 1)}; {result.files_scanned} files scanned"
    )
    if result.mention_count:
        mentions = result.mention_count
        line += f"; {mentions} other mention{'s' * (mentions != 1)} of 'imp' (notes, not uses)"
    if result.errors:
        line += f"; {len(result.errors)} could not be parsed or read (listed above)"
    return line


def _write_function_table(result: ScanResult, stream: TextIO) -> None:
    uses: Counter[str] = Counter()
    files: defaultdict[str, set[str]] = defaultdict(set)
    fixable: Counter[str] = Counter()
    for file_result, use in result.uses:
        key = printable(label(use))
        uses[key] += 1
        files[key].add(file_result.path)
        fixable[key] += use.fixable
    width = max(len("use"), *(len(key) for key in uses))
    print(f"{'use':<{width}}  {'count':>5}  {'files':>5}  fix", file=stream)
    for key, count in sorted(uses.items(), key=lambda item: (-item[1], item[0])):
        how = {count: "auto", 0: "manual"}.get(fixable[key], f"{fixable[key]} auto")
        print(f"{key:<{width}}  {count:>5}  {len(files[key]):>5}  {how}", file=stream)
    print(file=stream)


def _write_group_table(result: ScanResult, stream: TextIO) -> None:
    uses: Counter[str] = Counter()
    files: defaultdict[str, set[str]] = defaultdict(set)
    for file_result, _ in result.uses:
        group = printable(file_result.group)
        uses[group] += 1
        files[group].add(file_result.path)
    width = max(len("distribution or path"), *(len(group) for group in uses))
    print(f"{'distribution or path':<{width}}  {'uses':>5}  {'files':>5}", file=stream)
    for group, count in sorted(uses.items(), key=lambda item: (-item[1], item[0])):
        print(f"{group:<{width}}  {count:>5}  {len(files[group]):>5}", file=stream)
    print(file=stream)


def to_json(result: ScanResult) -> dict[str, Any]:
    """A stable document for tools; ``group`` is the distribution (--installed) or the path."""
    by_function: dict[str, dict[str, Any]] = {}
    by_group: dict[str, dict[str, int]] = {}
    for file_result, use in result.uses:
        entry = by_function.setdefault(label(use), {"uses": 0, "fixable": True, "fixable_uses": 0})
        entry["uses"] += 1
        entry["fixable"] = entry["fixable"] and use.fixable  # true when fix rewrites every use
        entry["fixable_uses"] += use.fixable
        group = by_group.setdefault(file_result.group, {"uses": 0})
        group["uses"] += 1
    return {
        "version": JSON_VERSION,
        "files_scanned": result.files_scanned,
        "use_count": result.use_count,
        "mention_count": result.mention_count,
        "uses": [
            {
                "path": file_result.path,
                "group": file_result.group,
                "line": use.line,
                "col": use.col,
                "name": use.name,
                "kind": use.kind,
                "code": use.code,
                "replacement": use.replacement,
                "fixable": use.fixable,
                "approximate": file_result.error is not None,
            }
            for file_result in result.files
            for use in file_result.uses
        ],
        "errors": [
            {"path": file_result.path, "group": file_result.group, "error": file_result.error}
            for file_result in result.errors
        ],
        "summary": {"by_function": by_function, "by_group": by_group},
    }


def write_json(result: ScanResult, stream: TextIO) -> None:
    json.dump(to_json(result), stream, indent=2)
    stream.write("\n")
