"""Benchmark ``imp_compat`` against Python 3.11's stdlib ``imp``, raw importlib and zombie-imp.

One command, one machine, one run: every ratio is taken against baselines measured in the same
run. The orchestration uses only the standard library; the timing is done by pyperf inside
per-Python virtual environments that this script creates under ``bench/.venvs/``.

    python3 bench/run.py            # full run (about 15 minutes on 2 cores)
    python3 bench/run.py --quick    # CI run (about 3 minutes)

Results: ``bench/results/`` (``results.md``, ``summary.json``, ``bench.png``, raw pyperf JSON).
Exit status: 0 when every benchmark of ours, of the stdlib and of the floor ran and passed its
correctness check; 1 otherwise (a failing third-party implementation is reported, not fatal);
2 for bad usage.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import workloads

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENVS = HERE / ".venvs"
PYPERF = "pyperf==2.10.0"
ZOMBIE = "zombie-imp==0.0.4"
REPORT_PACKAGES = (PYPERF, "matplotlib>=3.8")



@dataclass(frozen=True)
class Settings:
    """How much pyperf work one measurement gets.

    ``rounds`` > 1 splits it into pyperf runs spread over the whole benchmark (``--append``,
    loops fixed after the first round's calibration): on a shared machine, background load
    then hits every implementation alike instead of whichever ran during a burst.
    """

    rounds: int
    processes: int
    values: int
    min_time: float
    loops: int = 0  # 0: let pyperf calibrate (then reuse its count in later rounds)


MODES = {
    "quick": {"ops": Settings(1, 2, 3, 0.01), "imports": Settings(1, 2, 3, 0.0, loops=2),
              "importtime": 15},
    "full": {"ops": Settings(3, 3, 4, 0.05), "imports": Settings(3, 2, 4, 0.0, loops=3),
             "importtime": 100},
}

IMPORTERS = {  # module on PYTHONPATH -> its body; importing it from -c keeps imp's
    "bench_import_nothing": "",  # DeprecationWarning out of __main__, as in a real library
    "bench_import_imp": "import imp\n",
    "bench_import_imp_compat": "import imp_compat\n",
    "bench_import_importlib": "import importlib.machinery\nimport importlib.util\n",
}


@dataclass
class Config:
    """One implementation on one Python."""

    version: str  # "3.12"
    impl: str  # stdlib | ours | zombie | floor
    python: str  # the venv interpreter that runs it

    @property
    def label(self) -> str:
        return f"{self.impl}@{self.version}"

    @property
    def importer(self) -> str:
        if self.impl == "floor":
            return "bench_import_importlib"
        if self.impl == "ours" and self.version == "3.11":
            return "bench_import_imp_compat"  # on 3.11 the top-level imp is the stdlib's
        return "bench_import_imp"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def discover_pythons() -> dict[str, str]:
    """Newest CPython per minor version >= 3.11 under pyenv, plus the running interpreter."""
    found: dict[str, tuple[tuple[int, ...], str]] = {}
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = glob.glob(os.path.join(root, "versions", "3.*", "bin", "python"))
    for exe in [*candidates, sys.executable]:
        match = re.search(r"versions/(\d+)\.(\d+)\.(\d+)/", exe)
        if match:
            version = tuple(int(part) for part in match.groups())
        else:
            version = tuple(sys.version_info[:3]) if exe == sys.executable else (0,)
        if version[:2] < (3, 11) or not os.access(exe, os.X_OK):
            continue
        key = f"{version[0]}.{version[1]}"
        if key not in found or version > found[key][0]:
            found[key] = (version, exe)
    ordered = sorted(found, key=lambda v: tuple(map(int, v.split("."))))
    return {key: found[key][1] for key in ordered}


def ensure_venv(name: str, base_python: str, packages: tuple[str, ...]) -> str:
    """Create (or reuse, when its requirements are unchanged) ``bench/.venvs/NAME``."""
    venv = VENVS / name
    python = venv / "bin" / "python"
    stamp = venv / "bench-requirements.txt"
    wanted = f"{base_python}\n" + "\n".join(packages)
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return str(python)
    log(f"creating venv {venv.relative_to(ROOT)} ({', '.join(packages)})")
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([base_python, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--quiet", "--disable-pip-version-check", *packages], check=True)
    stamp.write_text(wanted)
    return str(python)


def make_configs(pythons: dict[str, str], impls: list[str]) -> list[Config]:
    configs = []
    for version, base in pythons.items():
        plain = ensure_venv(f"py{version}", base, (PYPERF,))
        has_stdlib_imp = version == "3.11"
        for impl in impls:
            if impl == "stdlib" and not has_stdlib_imp:
                continue
            if impl == "zombie":
                if has_stdlib_imp:
                    continue  # on 3.11 the stdlib imp shadows zombie-imp's
                configs.append(Config(version, impl,
                                      ensure_venv(f"py{version}-zombie", base, (PYPERF, ZOMBIE))))
            else:
                configs.append(Config(version, impl, plain))
    return configs


def run_checks(configs: list[Config], tree: Path, src: str, ops: list[str]) -> dict[str, dict]:
    checks = {}
    for config in configs:
        proc = subprocess.run(
            [config.python, str(HERE / "workloads.py"), "check", str(tree), "--impl",
             config.impl, "--src", src, "--ops", ",".join(ops)],
            capture_output=True, text=True)
        if proc.returncode:
            status = {op: f"check process failed: {proc.stderr.strip()[-300:]}" for op in ops}
        else:
            status = json.loads(proc.stdout)
        checks[config.label] = status
        bad = {op: msg for op, msg in status.items() if msg != "ok"}
        log(f"check {config.label}: {len(status) - len(bad)}/{len(status)} ok"
            + "".join(f"\n    {op}: {msg}" for op, msg in bad.items()))
    return checks


def _pyperf_opts(settings: Settings) -> list[str]:
    opts = ["--processes", str(settings.processes), "--values", str(settings.values), "--quiet"]
    if settings.loops:
        return [*opts, "--loops", str(settings.loops)]
    return [*opts, "--min-time", str(settings.min_time)]


def _calibrated_loops(path: Path) -> dict[str, int]:
    """Benchmark name -> the loop count pyperf calibrated, read from its JSON output."""
    try:
        suite = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    common = suite.get("metadata", {})
    found = {}
    for bench in suite["benchmarks"]:
        meta = {**common, **bench.get("metadata", {})}
        loops = meta.get("loops")
        for run in bench["runs"]:
            if run.get("values"):
                loops = run.get("metadata", {}).get("loops", loops)
        if meta.get("name") and loops:
            found[meta["name"]] = int(loops)
    return found


@dataclass
class Job:
    """One pyperf measurement: ``cmd`` + pyperf options + ``tail`` (``pyperf command``'s)."""

    key: str
    cmd: list[str]
    out: Path
    names: list[str]
    env: dict[str, str] | None = None
    tail: tuple[str, ...] = ()


def run_rounds(jobs: list[Job], settings: Settings, what: str) -> dict[str, str]:
    """Run every job ``settings.rounds`` times, interleaved; return job key -> error text."""
    for job in jobs:
        job.out.unlink(missing_ok=True)
    errors: dict[str, str] = {}
    total = len(jobs) * settings.rounds
    step = 0
    for round_ in range(settings.rounds):
        for job in jobs:
            step += 1
            if job.key in errors:
                continue
            loops = _calibrated_loops(job.out)
            extra = []
            if round_ and not settings.loops and len(job.names) == 1 and job.names[0] in loops:
                extra = ["--loops", str(loops[job.names[0]])]
            proc = subprocess.run([*job.cmd, *_pyperf_opts(settings), *extra,
                                   "--append", str(job.out), *job.tail],
                                  env=job.env, capture_output=True, text=True)
            done = _benchmark_names(job.out)
            missing = [name for name in job.names if name not in done]
            if proc.returncode or missing:
                errors[job.key] = (proc.stderr or proc.stdout).strip()[-600:]
                log(f"[{step}/{total}] {what} {job.key}: FAILED\n{errors[job.key]}")
            else:
                summary = "; ".join(line.strip() for line in proc.stdout.splitlines()
                                    if line.strip())
                log(f"[{step}/{total}] {what} {job.key}: {summary}")
    return errors


def _benchmark_names(path: Path) -> set[str]:
    """Names of the benchmarks pyperf wrote to ``path`` (none when it crashed before)."""
    try:
        suite = json.loads(path.read_text())
    except (OSError, ValueError):
        return set()
    common = suite.get("metadata", {}).get("name")
    return {bench.get("metadata", {}).get("name", common) for bench in suite["benchmarks"]}


def _env_for(config: Config, importers: Path, src: str) -> dict[str, str]:
    env = dict(os.environ)
    parts = [str(importers)] + ([src] if config.impl == "ours" else [])
    env["PYTHONPATH"] = os.pathsep.join(parts)
    return env


IMPORT_COMMANDS = ("pass", "empty_module", "import")


def measure_imports(configs: list[Config], importers: Path, src: str, raw: Path,
                    mode: dict[str, Any], clock: str) -> dict[str, dict[str, Any]]:
    """Fresh interpreters timed by pyperf (``startup.py``), and -X importtime, per config."""
    jobs = []
    for config in configs:
        codes = {"pass": "pass", "empty_module": "import bench_import_nothing",
                 "import": f"import {config.importer}"}
        cmd = [config.python, str(HERE / "startup.py"), "--inherit-environ", "PYTHONPATH",
               "--clock", clock]
        for key in IMPORT_COMMANDS:
            cmd += ["--code", codes[key]]
        jobs.append(Job(config.label, cmd, raw / f"import--{config.label}.json",
                        [f"-c {codes[key]}" for key in IMPORT_COMMANDS],
                        _env_for(config, importers, src)))
    errors = run_rounds(jobs, mode["imports"], "import")
    results: dict[str, dict[str, Any]] = {
        job.key: {
            "importer": next(c.importer for c in configs if c.label == job.key),
            "importtime_us": [], "import_cpu_us": [],
            "files": {key: (None if job.key in errors else str(job.out))
                      for key in IMPORT_COMMANDS},
            "names": dict(zip(IMPORT_COMMANDS, job.names, strict=True)),
        } for job in jobs}
    # Sampled round-robin over the configs: -X importtime (CPython's own per-module clock, wall
    # time) and, in a separate child, the CPU time of the import statement alone (after an
    # empty module from the same folder, so that the folder's finder is already set up).
    cpu_probe = ("import time, bench_import_nothing; t = time.process_time(); import {}; "
                 "print(time.process_time() - t)")
    for _ in range(mode["importtime"]):
        for config in configs:
            env = _env_for(config, importers, src)
            proc = subprocess.run([config.python, "-X", "importtime", "-c",
                                   f"import {config.importer}"],
                                  env=env, capture_output=True, text=True)
            cost = _importtime_children(proc.stderr, config.importer)
            if proc.returncode == 0 and cost is not None:
                results[config.label]["importtime_us"].append(cost)
            proc = subprocess.run([config.python, "-c", cpu_probe.format(config.importer)],
                                  env=env, capture_output=True, text=True)
            if proc.returncode == 0:
                results[config.label]["import_cpu_us"].append(float(proc.stdout) * 1e6)
    return results


def _importtime_children(stderr: str, module: str) -> int | None:
    """Cumulative minus self time of ``module``: what its imports (imp and its deps) cost."""
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)$", line)
        if match and match.group(4) == module:
            return int(match.group(2)) - int(match.group(1))
    return None


def run_operations(configs: list[Config], ok: dict[str, list[str]], ops: list[str], tree: Path,
                   src: str, raw: Path, settings: Settings, grouped: bool,
                   clock: str) -> dict[str, dict[str, dict[str, str]]]:
    """Time every checked operation of every config with pyperf.

    Full runs go operation-major (one pyperf run per operation and config, configs interleaved,
    repeated over rounds); quick runs time all of one config's operations in one pyperf run,
    which saves a parent process and a calibration per operation.
    """
    jobs = []
    if grouped:
        batches = [(config, ok[config.label]) for config in configs if ok[config.label]]
    else:
        batches = [(config, [op]) for op in ops for config in configs if op in ok[config.label]]
    for config, job_ops in batches:
        tag = job_ops[0] if len(job_ops) == 1 else "all"
        jobs.append(Job(
            f"{config.label}/{tag}",
            [config.python, str(HERE / "worker.py"), "--impl", config.impl, "--tree", str(tree),
             "--src", src, "--ops", ",".join(job_ops), "--clock", clock],
            raw / f"op--{config.label}--{tag}.json", job_ops))
    errors = run_rounds(jobs, settings, "ops")
    files: dict[str, dict[str, str]] = {config.label: {} for config in configs}
    failures: dict[str, dict[str, str]] = {config.label: {} for config in configs}
    for job in jobs:
        label = job.key.split("/")[0]
        timed = _benchmark_names(job.out)
        for op in job.names:
            if job.key in errors or op not in timed:
                failures[label][op] = errors.get(job.key, "not timed")
            else:
                files[label][op] = str(job.out)
    return {"files": files, "errors": failures}


def _external_scripts(quick: bool, pythons: dict[str, str], out: Path) -> dict[str, dict]:
    """Fold in the standalone benchmark scripts other parts of the project keep in bench/.

    ``legacy_hooks_overhead.py`` needs pyperf on Python >= 3.12: it runs in the newest
    ``pyX.Y`` venv. ``scan_speed.py`` needs ``imp-migrate`` and ruff: it runs with the Python
    running this script, and is skipped (with the reason) when that lacks them.
    """
    modern = [v for v in pythons if v != "3.11"]
    scripts: dict[str, tuple[list[str], str | None]] = {
        "legacy_hooks_overhead.py": (
            [str(VENVS / f"py{modern[-1]}" / "bin" / "python")] if modern else [],
            None if modern else "no CPython >= 3.12 in this run"),
        "scan_speed.py": ([sys.executable], _scan_speed_missing()),
    }
    options = {
        "legacy_hooks_overhead.py": (["--rounds", "1", "--fast"] if quick else [])
        + ["--quiet", "--summary", str(out / "legacy_hooks_overhead.json")],
        "scan_speed.py": (["--repeat", "2"] if quick else [])
        + ["--json", str(out / "scan_speed.json")],
    }
    found: dict[str, dict] = {}
    for name, (python, skip) in scripts.items():
        script = HERE / name
        if not script.exists():
            continue
        cmd = [*python, str(script), *options[name]]
        if skip:
            found[name] = {"command": " ".join(cmd), "returncode": None,
                           "output": f"skipped: {skip}"}
            continue
        log(f"running {name}")
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT)
            found[name] = {"command": " ".join(cmd), "returncode": proc.returncode,
                           "output": _without_pyperf_chatter(proc.stdout + proc.stderr)}
        except subprocess.TimeoutExpired:
            found[name] = {"command": " ".join(cmd), "returncode": None,
                           "output": "timed out after 600 s"}
    return found


_PYPERF_CHATTER = ("WARNING: the benchmark", "* ", "Try to rerun", "Run 'python -m pyperf",
                   "Use pyperf stats", "Use --quiet", "...")


def _without_pyperf_chatter(output: str) -> str:
    """The script's own lines, without pyperf's per-benchmark progress and stability hints."""
    lines = [line for line in output.splitlines() if not line.startswith(_PYPERF_CHATTER)]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()[-4000:]


def _scan_speed_missing() -> str | None:
    probe = subprocess.run([sys.executable, "-c", "import imp_migrate"], capture_output=True)
    if probe.returncode:
        return f"imp_migrate is not importable by {sys.executable}"
    if not shutil.which("ruff"):
        return "ruff is not on PATH"
    return None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark imp_compat against Python 3.11's imp, raw importlib (the floor) "
                    "and zombie-imp, in one run; report ratios, median and spread.",
        epilog="Example: python3 bench/run.py --quick --pythons 3.11,3.12")
    parser.add_argument("--quick", action="store_true",
                        help="fewer pyperf processes and values (CI; about 3 minutes)")
    parser.add_argument("--pythons", help="comma-separated X.Y versions (default: every CPython "
                        ">= 3.11 found under pyenv)")
    parser.add_argument("--impls", default="stdlib,ours,floor,zombie",
                        help="comma-separated implementations (default: %(default)s)")
    parser.add_argument("--ops", default=",".join(workloads.BY_NAME),
                        help="comma-separated operations (default: all)")
    parser.add_argument("--skip-imports", action="store_true", help="skip the import-cost part")
    parser.add_argument("--extras", action=argparse.BooleanOptionalAction, default=None,
                        help="also run bench/legacy_hooks_overhead.py and bench/scan_speed.py "
                             "when present (default: in full runs only)")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                        help="cpu (default): CPU time of the process (operations) or of the "
                             "child interpreter (imports), robust to other load on the machine;"
                             " wall: wall time. The 8-thread batch is always timed in wall "
                             "time")
    parser.add_argument("--no-plot", action="store_true", help="do not draw bench.png")
    parser.add_argument("--publish", action="store_true",
                        help="also copy the plot to docs/bench.png")
    parser.add_argument("--src", default=str(ROOT / "src"), help="where imp_compat lives")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="results folder")
    args = parser.parse_args(argv)
    unknown_ops = set(args.ops.split(",")) - set(workloads.BY_NAME)
    unknown_impls = set(args.impls.split(",")) - set(workloads.IMPLEMENTATIONS)
    if unknown_ops or unknown_impls:
        parser.error(f"unknown operations {sorted(unknown_ops)} or implementations "
                     f"{sorted(unknown_impls)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    load_before = os.getloadavg()
    mode_name = "quick" if args.quick else "full"
    mode = MODES[mode_name]
    ops = args.ops.split(",")
    pythons = discover_pythons()
    if args.pythons:
        wanted = args.pythons.split(",")
        missing = [v for v in wanted if v not in pythons]
        if missing:
            print(f"error: no CPython {', '.join(missing)} found (have {', '.join(pythons)})",
                  file=sys.stderr)
            return 2
        pythons = {v: pythons[v] for v in wanted}
    log(f"{mode_name} run; CPythons: " + ", ".join(f"{v} ({p})" for v, p in pythons.items()))

    configs = make_configs(pythons, args.impls.split(","))
    report_python = ensure_venv("report" if args.no_plot else "report-plot", sys.executable,
                                (PYPERF,) if args.no_plot else REPORT_PACKAGES)

    out: Path = args.out.resolve()
    raw = out / "raw"
    tree = out / "tree"
    shutil.rmtree(raw, ignore_errors=True)
    shutil.rmtree(tree, ignore_errors=True)
    raw.mkdir(parents=True)
    workloads.build_tree(tree)
    importers = tree / "importers"
    importers.mkdir()
    for name, body in IMPORTERS.items():
        (importers / f"{name}.py").write_text(body)
    for version in pythons:
        subprocess.run([VENVS / f"py{version}" / "bin" / "python", str(HERE / "workloads.py"),
                        "prepare", str(tree)], check=True)
        # Byte-compile our sources too: an installed package has its .pyc files, and without
        # them (PYTHONDONTWRITEBYTECODE=1) `import imp` would be timed compiling from source.
        subprocess.run([VENVS / f"py{version}" / "bin" / "python", "-m", "compileall", "-q",
                        str(importers), args.src], check=True)
    log(f"synthetic tree ready in {tree}")

    checks = run_checks(configs, tree, args.src, ops)
    ok = {label: [op for op in ops if status.get(op) == "ok"] for label, status in checks.items()}

    imports = {}
    if not args.skip_imports:
        log("measuring import cost in fresh interpreters")
        imports = measure_imports(configs, importers, args.src, raw, mode, args.clock)

    log("timing operations")
    operations = run_operations(configs, ok, ops, tree, args.src, raw, mode["ops"],
                                grouped=args.quick, clock=args.clock)
    extras = (not args.quick) if args.extras is None else args.extras
    external = _external_scripts(args.quick, pythons, out) if extras else {}

    manifest = {
        "mode": mode_name,
        "pyperf_settings": {k: asdict(v) if isinstance(v, Settings) else v
                            for k, v in mode.items()}, "ops": ops,
        "descriptions": {op.name: op.what for op in workloads.OPERATIONS},
        "configs": [asdict(c) | {"label": c.label} for c in configs],
        "pythons": pythons, "checks": checks, "imports": imports,
        "operations": operations, "external": external,
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                    "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
        "clock": args.clock, "threads": workloads.THREADS, "threaded_batch": workloads.THREADED,
        "duration_s": round(time.monotonic() - started, 1),
        "command": "python3 bench/run.py" + (" --quick" if args.quick else ""),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "revision": _revision(),
    }
    (out / "run.json").write_text(json.dumps(manifest, indent=1))
    report = [report_python, str(HERE / "report.py"), str(out)]
    if args.no_plot:
        report.append("--no-plot")
    subprocess.run(report, check=True)
    if args.publish:
        publish(out, args.no_plot)
    print((out / "results.md").read_text())
    log(f"done in {time.monotonic() - started:.0f} s; results in {out}")
    return _exit_status(checks, operations)


def _revision() -> str:
    """The commit measured, marked "+ local changes" when src/ differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT,
                               check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + local changes in src/" if dirty else "")


def publish(out: Path, no_plot: bool) -> None:
    """Copy the plot to docs/bench.png and the summary into bench/README.md (between markers)."""
    if not no_plot:
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(out / "bench.png", ROOT / "docs" / "bench.png")
        log("copied the plot to docs/bench.png")
    readme = HERE / "README.md"
    text = readme.read_text()
    start, end = "<!-- results:start -->\n", "<!-- results:end -->"
    if start not in text or end not in text:
        log("bench/README.md has no results markers; not updated")
        return
    results = (out / "results.md").read_text()
    header = results.split("\n## ", 1)[0].split("\n", 2)[2].strip()  # the run's description
    summary = results[results.index("## Summary"):results.index("## Operations")]
    summary = summary.replace("## ", "### ").strip()
    body = f"{header}\n\n{summary}\n\nAll the rows: `bench/results/results.md` after a run.\n"
    before, rest = text.split(start, 1)
    readme.write_text(before + start + body + end + rest.split(end, 1)[1])
    log("wrote the summary into bench/README.md")


def _exit_status(checks: dict[str, dict], operations: dict[str, dict]) -> int:
    fatal = []
    for label, status in checks.items():
        if label.startswith("zombie@"):
            continue
        fatal += [f"{label} {op}: {msg}" for op, msg in status.items() if msg != "ok"]
    for label, errors in operations["errors"].items():
        if not label.startswith("zombie@"):
            fatal += [f"{label} {op}: benchmark failed" for op in errors]
    for line in fatal:
        print(f"FAILED {line}", file=sys.stderr)
    return 1 if fatal else 0


if __name__ == "__main__":
    sys.exit(main())
