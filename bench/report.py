"""Turn one run's pyperf JSON into the ratio table (``results.md``, ``summary.json``) and plot.

Runs in the ``bench/.venvs/report`` environment (pyperf, matplotlib), started by ``run.py``::

    bench/.venvs/report/bin/python bench/report.py bench/results [--no-plot]

Every ratio divides two medians measured in the same run. Its spread is propagated from both
median absolute deviations (relative MADs added in quadrature): on a shared machine a few
preempted values inflate the standard deviation, which the table still shows beside the MAD.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyperf

REFERENCE = "stdlib@3.11"
FLOOR_TARGET = 1.2
STDLIB_TARGET = 1.0
IMPORT_TARGET_MS = 1.0


@dataclass(frozen=True)
class Stat:
    median: float
    stdev: float
    mad: float
    n: int

    @property
    def rel(self) -> float:
        return abs(self.mad / self.median) if self.median else 0.0


def stat_of(values: list[float]) -> Stat:
    median = statistics.median(values)
    return Stat(median, statistics.stdev(values) if len(values) > 1 else 0.0,
                statistics.median(abs(v - median) for v in values), len(values))


@dataclass(frozen=True)
class Ratio:
    value: float
    spread: float

    def __str__(self) -> str:
        return f"{self.value:.2f}x ±{self.spread:.2f}"


def load_stat(path: str | None, name: str | None = None) -> Stat | None:
    if not path or not Path(path).exists():
        return None
    suite = pyperf.BenchmarkSuite.load(path)
    bench = suite.get_benchmark(name) if name else suite.get_benchmarks()[0]
    return stat_of(list(bench.get_values()))


def ratio(a: Stat | None, b: Stat | None) -> Ratio | None:
    if a is None or b is None or not b.median:
        return None
    value = a.median / b.median
    return Ratio(value, value * math.hypot(a.rel, b.rel))


def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def verdict(r: Ratio, target: float) -> str:
    """✅ met; ≈ missed by less than the measured spread (a tie); ❌ missed beyond it."""
    if r.value <= target:
        return "✅"
    return "≈" if r.value - r.spread <= target else "❌"


def mark(r: Ratio | None, target: float) -> str:
    if r is None:
        return "-"
    return f"{r} {verdict(r, target)}"


def python_of(label: str) -> str:
    return label.split("@", 1)[1]


def build(run: dict[str, Any]) -> dict[str, Any]:
    labels = [c["label"] for c in run["configs"]]
    files = run["operations"]["files"]
    stats = {label: {op: load_stat(files.get(label, {}).get(op), op) for op in run["ops"]}
             for label in labels}
    rows = []
    for op in run["ops"]:
        for label in labels:
            stat = stats[label][op]
            version = python_of(label)
            row = {
                "op": op, "config": label, "check": run["checks"].get(label, {}).get(op, "?"),
                "error": run["operations"]["errors"].get(label, {}).get(op),
                "median_s": stat.median if stat else None,
                "stdev_s": stat.stdev if stat else None, "mad_s": stat.mad if stat else None,
                "n": stat.n if stat else 0,
                "vs_stdlib311": ratio(stat, stats.get(REFERENCE, {}).get(op)),
                "vs_floor": ratio(stat, stats.get(f"floor@{version}", {}).get(op)),
                "vs_zombie": ratio(stat, stats.get(f"zombie@{version}", {}).get(op))
                if label.startswith("ours@") else None,
            }
            if op == "load_source_8_threads" and stat:
                row["modules_per_s"] = run["threaded_batch"] / stat.median
            rows.append(row)
    imports = {}
    for label, entry in run.get("imports", {}).items():
        names = entry.get("names", {})
        got = {key: load_stat(path, names.get(key)) for key, path in entry["files"].items()}
        base, full = got.get("empty_module"), got.get("import")
        added = None
        if base and full:
            added = Stat(full.median - base.median, math.hypot(full.stdev, base.stdev),
                         math.hypot(full.mad, base.mad), min(base.n, full.n))
        samples = entry["importtime_us"]
        cpu_samples = entry.get("import_cpu_us", [])
        imports[label] = {
            "importer": entry["importer"], "pass": got.get("pass"), "empty_module": base,
            "import": full, "added": added,
            "vs_pass": ratio(full, got.get("pass")),
            "importtime_ms": stat_of([us / 1000 for us in samples]) if samples else None,
            "import_cpu_ms": stat_of([us / 1000 for us in cpu_samples]) if cpu_samples else None,
        }
    return {"rows": rows, "imports": imports, "labels": labels}


def markdown(run: dict[str, Any], data: dict[str, Any]) -> str:
    out = [
        "# imp benchmark results", "",
        f"`{run['command']}` ({run['mode']} mode, pyperf {pyperf.__version__}), "
        f"{run.get('date', '?')}, revision {run.get('revision', '?')}: "
        f"{run['duration_s']:.0f} s on {run['machine']['platform']}, "
        f"{run['machine']['cpus']} CPUs, load average {_load(run, 'before')} before the run "
        f"and {_load(run, 'after')} after it.",
        "",
        "pyperf work per measurement: " + "; ".join(
            f"{what}: {_settings(run['pyperf_settings'][what])}" for what in ("ops", "imports"))
        + f"; -X importtime: {run['pyperf_settings']['importtime']} samples per config.",
        "",
        "CPythons: " + ", ".join(f"{v} (`{p}`)" for v, p in run["pythons"].items()) + ".",
        "Configs are `implementation@python`: `stdlib` = the 3.11 standard library's `imp`, "
        "`ours` = `imp_compat`, `floor` = raw importlib (`bench/floor.py`), `zombie` = zombie-imp.",
        f"Clock: {_CLOCK_TEXT[run.get('clock', 'wall')]}. "
        "Each time is the median of all pyperf values, with their median absolute deviation "
        "(MAD) and standard deviation. Marks against the issue's targets: ✅ met, ≈ missed by "
        "less than the measured spread, ❌ missed.", "",
    ]
    out += _summary(run, data)
    if data["imports"]:
        out += [
            "## Import cost (fresh interpreter)", "",
            "M is a one-line module that imports the implementation, so that its "
            "DeprecationWarning is filtered as it is when a library imports it. "
            "`import M` CPU = CPU time of the `import M` statement alone, measured inside a "
            "fresh interpreter (`time.process_time()` around it, after importing an empty module "
            "from M's folder so that the folder's finder is set up); `-X importtime` = CPython's "
            "own (wall) clock for the same import; both median ± MAD over samples taken "
            "round-robin over the configs. `added` = time of a whole fresh `python -c 'import "
            "M'` minus that of `python -c 'import bench_import_nothing'` (an empty module; same "
            "venv and PYTHONPATH), timed by pyperf (`bench/startup.py`), ± both MADs combined; "
            "it includes interpreter teardown but is the noisiest. Target for `ours` on 3.12+: "
            "under 1 ms.", "",
            "| config | M imports | `import M` CPU | -X importtime | added | `-c pass` "
            "| `import M` | `import M` / `-c pass` |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for label, entry in data["imports"].items():
            added, itime = entry["added"], entry["importtime_ms"]
            cpu = entry["import_cpu_ms"]
            judged = label.startswith("ours@") and python_of(label) != "3.11"
            cells = [
                label, f"`{_IMPORTED.get(entry['importer'], entry['importer'])}`",
                (f"{cpu.median:.2f} ms ±{cpu.mad:.2f}" + _ms_mark(cpu.median, judged)
                 if cpu else "-"),
                (f"{itime.median:.2f} ms ±{itime.mad:.2f}" + _ms_mark(itime.median, judged)
                 if itime else "-"),
                (f"{added.median * 1e3:.2f} ms ±{added.mad * 1e3:.2f}"
                 + _ms_mark(added.median * 1e3, judged) if added else "-"),
                fmt_time(entry["pass"].median) if entry["pass"] else "-",
                fmt_time(entry["import"].median) if entry["import"] else "-",
                str(entry["vs_pass"] or "-"),
            ]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    out += [
        "## Operations", "",
        "Targets for `ours`: ≤ 1.0x Python 3.11's stdlib `imp` (fairest on the same "
        "interpreter, `ours@3.11`; the 3.12/3.13 rows also carry the interpreter's own speed "
        "change) and ≤ 1.2x the raw importlib floor on the same Python. Ratios: median / "
        "median, ± relative MADs combined.", "",
        "| operation | config | median | MAD | stdev | vs stdlib@3.11 | vs floor (same Python) "
        "| vs zombie (same Python) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in data["rows"]:
        if row["median_s"] is None:
            why = row["error"] or row["check"]
            out.append(f"| {row['op']} | {row['config']} | not timed: {_short(why)} "
                       "| | | | | |")
            continue
        is_ours = row["config"].startswith("ours@")
        extra = (f" ({row['modules_per_s']:,.0f} modules/s)" if "modules_per_s" in row else "")
        vs_stdlib, vs_floor = row["vs_stdlib311"], row["vs_floor"]
        cells = [
            row["op"], row["config"], fmt_time(row["median_s"]) + extra,
            fmt_time(row["mad_s"]), fmt_time(row["stdev_s"]),
            mark(vs_stdlib, STDLIB_TARGET) if is_ours else str(vs_stdlib or "-"),
            mark(vs_floor, FLOOR_TARGET) if is_ours else str(vs_floor or "-"),
            str(row["vs_zombie"] or "-"),
        ]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", "Operations:", ""]
    out += [f"- `{op}`: {what}" for op, what in run["descriptions"].items() if op in run["ops"]]
    failed = [(label, op, msg) for label, status in run["checks"].items()
              for op, msg in status.items() if msg != "ok"]
    out += ["", "## Correctness checks", ""]
    if failed:
        out += [f"- {label} `{op}`: {_short(msg, 300)}" for label, op, msg in failed]
    else:
        out.append("Every implementation passed every check (results compared with the tree; "
                   "the 8-thread batch is verified on every timed iteration too).")
    for name, entry in run.get("external", {}).items():
        out += ["", f"## {name}", "", f"`{entry['command']}` exited {entry['returncode']}:", "",
                "```", entry["output"], "```"]
    return "\n".join(out) + "\n"


_CLOCK_TEXT = {
    "cpu": "CPU time (of the process for the single-threaded operations, of the child for fresh "
           "interpreters), so that time spent preempted by other work on the machine is not "
           "counted; wall time for the 8-thread batch (throughput) and -X importtime",
    "wall": "wall time (`time.perf_counter`) everywhere",
}
_IMPORTED = {"bench_import_imp": "import imp", "bench_import_imp_compat": "import imp_compat",
             "bench_import_importlib": "import importlib.util, importlib.machinery"}


def _ms_mark(ms: float, judged: bool) -> str:
    if not judged:
        return ""
    return " ✅" if ms < IMPORT_TARGET_MS else " ❌"


def _summary(run: dict[str, Any], data: dict[str, Any]) -> list[str]:
    """One row per operation: every ratio that a target applies to, side by side."""
    ours = [label for label in data["labels"] if label.startswith("ours@")]
    rows = {(r["op"], r["config"]): r for r in data["rows"]}
    columns = ([(f"{c} / stdlib@3.11", c, "vs_stdlib311", STDLIB_TARGET) for c in ours]
               + [(f"{c} / floor", c, "vs_floor", FLOOR_TARGET) for c in ours]
               + [(f"{c} / zombie", c, "vs_zombie", None) for c in ours
                  if python_of(c) != "3.11"])
    out = ["## Summary: ratios of `ours` (time / baseline; lower is better)", "",
           "| operation | " + " | ".join(title for title, *_ in columns) + " |",
           "|---|" + "---|" * len(columns)]
    for op in run["ops"]:
        cells = []
        for _, label, key, target in columns:
            r = rows.get((op, label), {}).get(key)
            if r is None:
                cells.append("-")
            else:
                cells.append(f"{r.value:.2f}" + (f" {verdict(r, target)}" if target else ""))
        out.append(f"| {op} | " + " | ".join(cells) + " |")
    imports = data["imports"]
    judged = [label for label in ours if python_of(label) != "3.11" and label in imports]
    if judged:
        parts = []
        for label in judged:
            entry = imports[label]
            added, itime, cpu = entry["added"], entry["importtime_ms"], entry["import_cpu_ms"]
            figures = [
                f"{cpu.median:.2f} ms {_ms_mark(cpu.median, True).strip()} (CPU, in-process)"
                if cpu else "",
                f"{itime.median:.2f} ms (-X importtime)" if itime else "",
                f"{added.median * 1e3:.2f} ms (whole fresh interpreter)" if added else "",
            ]
            parts.append(f"{label}: " + ", ".join(f for f in figures if f))
        out += ["", "Import cost of `imp` (target < 1 ms): " + "; ".join(parts) + "."]
    return [*out, ""]


def _load(run: dict[str, Any], when: str) -> str:
    return "/".join(f"{x:.1f}" for x in run["machine"].get(f"loadavg_{when}", []))


def _settings(s: dict[str, Any]) -> str:
    each = (f"{s['loops']} loops each" if s.get("loops")
            else f"loops calibrated to >= {s['min_time'] * 1000:g} ms each")
    return f"{s['rounds']} round(s) x {s['processes']} processes x {s['values']} values ({each})"


def _short(text: str | None, limit: int = 120) -> str:
    text = " ".join((text or "").split()).replace("|", "/")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plot(run: dict[str, Any], data: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    ops = run["ops"]
    rows = {(r["op"], r["config"]): r for r in data["rows"]}
    labels = data["labels"]
    panels = [
        ("time / Python 3.11 stdlib imp", "vs_stdlib311",
         [c for c in labels if not c.startswith(("floor@", "stdlib@"))], STDLIB_TARGET),
        ("time / raw importlib floor, same Python", "vs_floor",
         [c for c in labels if not c.startswith("floor@")], FLOOR_TARGET),
    ]
    import_key = ("import_cpu_ms" if any(e["import_cpu_ms"] for e in data["imports"].values())
                  else "importtime_ms")
    has_imports = any(e[import_key] for e in data["imports"].values())
    fig, axes = plt.subplots(
        1, 2 + has_imports, figsize=(17 if has_imports else 12, 8),
        gridspec_kw={"width_ratios": [1, 1] + ([0.55] if has_imports else [])})
    colors = {label: plt.get_cmap("tab10")(i) for i, label in enumerate(labels)}
    for ax, (title, key, shown, target) in zip(axes, panels, strict=False):
        height = 0.8 / max(len(shown), 1)
        for j, label in enumerate(shown):
            ys, xs, lo, hi = [], [], [], []
            for i, op in enumerate(ops):
                r = rows.get((op, label), {}).get(key)
                if r is not None:
                    ys.append(i + (j - (len(shown) - 1) / 2) * height)
                    xs.append(r.value)
                    factor = 1 + r.spread / r.value  # multiplicative: symmetric on a log axis
                    lo.append(r.value - r.value / factor)
                    hi.append(r.value * factor - r.value)
            ax.barh(ys, xs, height=height, xerr=[lo, hi], color=colors[label], label=label,
                    error_kw={"elinewidth": 0.7, "capsize": 1.2})
        ax.axvline(1.0, color="black", linewidth=0.8)
        ax.axvline(target, color="red", linestyle="--", linewidth=0.9,
                   label=f"target {target}x")
        ax.set_xscale("log")
        low, high = ax.get_xlim()
        ticks = [t for t in (0.25, 0.5, 0.7, 1, 1.2, 1.5, 2, 3, 4, 6, 10, 20) if low <= t <= high]
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.set_yticks(range(len(ops)), ops if ax is axes[0] else [""] * len(ops))
        ax.set_ylim(len(ops) - 0.5, -0.5)
        ax.set_title(title)
        ax.set_xlabel("ratio, log scale (< 1 is faster)")
        ax.legend(fontsize=7, loc="lower right")
        ax.grid(axis="x", which="both", alpha=0.3)
    if has_imports:
        ax = axes[2]
        shown = [label for label, e in data["imports"].items() if e[import_key]]
        medians = [data["imports"][label][import_key].median for label in shown]
        mads = [data["imports"][label][import_key].mad for label in shown]
        ax.barh(shown, medians, xerr=mads, color=[colors[label] for label in shown])
        others = [(label, data["imports"][label]["importtime_ms"]) for label in shown]
        ax.scatter([o.median for _, o in others if o], [lb for lb, o in others if o],
                   marker="D", s=14, color="black", zorder=3, label="-X importtime (wall)")
        ax.axvline(IMPORT_TARGET_MS, color="red", linestyle="--", linewidth=0.9,
                   label="target 1 ms")
        ax.set_xlim(left=0)
        ax.invert_yaxis()
        ax.set_title("import cost, ms " + ("(CPU)" if import_key == "import_cpu_ms"
                                           else "(-X importtime)"))
        ax.set_xlabel("ms, fresh interpreter")
        ax.legend(fontsize=7, loc="lower right")
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle(f"imp benchmarks: {run['mode']} run, medians, error bars = MAD "
                 f"({run['machine']['cpus']} CPUs, {run['command']})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path, help="the folder run.py wrote")
    parser.add_argument("--no-plot", action="store_true")
    args = parser.parse_args(argv)
    run = json.loads((args.results / "run.json").read_text())
    data = build(run)
    (args.results / "results.md").write_text(markdown(run, data))
    summary = {"rows": data["rows"], "imports": data["imports"]}
    (args.results / "summary.json").write_text(json.dumps(summary, indent=1, default=_jsonable))
    if not args.no_plot:
        plot(run, data, args.results / "bench.png")
    return 0


def _jsonable(value: object) -> object:
    if isinstance(value, Stat | Ratio):
        return value.__dict__
    raise TypeError(type(value))


if __name__ == "__main__":
    sys.exit(main())
