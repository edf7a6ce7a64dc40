// Run the imp test suite with pytest on CPython compiled to WebAssembly (Pyodide) under Node.js.
//
// Why: CPython 3.14 and 3.15 cannot be installed natively on our machines, but Pyodide ships
// them from the npm registry. This runner boots one of them, shows it the repository's `src/`
// and `tests/` (host folders mounted with NODEFS) and a folder of pure-Python test tools
// (pytest, hypothesis and their dependencies, installed on the host by `pip install --target`),
// then runs `pytest.main()` and hands its output and exit status back to the host.
//
// Usage:
//   node tests/pyodide/run.mjs --python 3.14 --site DIR [--repo DIR] [-- PYTEST_ARGS...]
//
// --python  3.14 or 3.15 (or 314 / 315): which Pyodide package to boot (see package.json)
// --site    host folder holding pytest, hypothesis & co, unpacked (see README.md)
// --repo    repository root; default: two folders above this file
// PYTEST_ARGS default to `tests`.
//
// Exit status: pytest's own (0 passed, 1 failed, 2 interrupted, 3 internal error, 4 usage
// error, 5 no tests collected), except that a run in which no test reached its call phase
// (everything skipped or deselected) exits 5 too, so that a green run always means tests ran.
// Problems of the runner itself (bad arguments, missing npm packages, Python failing to boot)
// exit 64 and above.

import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PACKAGES = { "3.14": "pyodide-314", "3.15": "pyodide-315" };
const EXIT_USAGE = 64;
const EXIT_SETUP = 70;
const NO_TEST_RAN = 5;
// Host environment variables that change how pytest or hypothesis behave, passed through so
// a run here behaves like a native one (hypothesis picks its "ci" profile from CI, for example).
const PASSED_ENV = ["CI", "PYTEST_ADDOPTS", "NO_COLOR", "FORCE_COLOR", "PY_COLORS", "HYPOTHESIS_PROFILE",
  "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED"];

function fail(code, message) {
  process.stderr.write(`pyodide runner: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const options = { python: undefined, site: undefined, repo: path.resolve(HERE, "..", ".."), pytest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      options.pytest = argv.slice(i + 1);
      break;
    }
    const [name, inline] = arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) fail(EXIT_USAGE, `${name} needs a value`);
      return argv[++i];
    };
    if (name === "--python") options.python = value();
    else if (name === "--site") options.site = path.resolve(value());
    else if (name === "--repo") options.repo = path.resolve(value());
    else if (name === "-h" || name === "--help") {
      const source = readFileSync(fileURLToPath(import.meta.url), "utf8");
      process.stdout.write(source.split("\n\n")[0].replace(/^\/\/ ?/gm, "") + "\n");
      process.exit(0);
    } else fail(EXIT_USAGE, `unknown option ${arg} (pytest's own options go after --)`);
  }
  const version = /^3\.?(1[45])$/.exec(options.python ?? "");
  if (!version) fail(EXIT_USAGE, `--python must be 3.14 or 3.15, not ${options.python ?? "missing"}`);
  options.python = `3.${version[1]}`;
  if (!options.site) fail(EXIT_USAGE, "--site DIR (pytest and hypothesis, unpacked) is required");
  for (const dir of [options.site, path.join(options.repo, "src"), path.join(options.repo, "tests")]) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(EXIT_USAGE, `no such folder: ${dir}`);
  }
  if (!existsSync(path.join(options.site, "pytest"))) {
    fail(EXIT_USAGE, `${options.site} holds no pytest; fill it with pip install --target (see README.md)`);
  }
  if (options.pytest.length === 0) options.pytest = ["tests"];
  return options;
}

async function importPyodide(version) {
  const name = PACKAGES[version];
  const require = createRequire(path.join(HERE, "package.json"));
  let entry;
  try {
    entry = require.resolve(name);
  } catch {
    fail(EXIT_SETUP, `npm package ${name} is missing: run \`npm ci\` in ${HERE}`);
  }
  // The CommonJS entry resolves under require(); Pyodide ships the ES module beside it.
  const moduleFile = path.join(path.dirname(entry), "pyodide.mjs");
  const { loadPyodide } = await import(moduleFile);
  return loadPyodide;
}

// Everything that happens inside Python: path set-up, checks, and the pytest run itself.
const PYTHON_MAIN = `
import importlib.util
import os
import site
import sys

def _prepare(site_dir, repo):
    # Pyodide always starts with bytecode writing off; a native CPython decides from the
    # PYTHONDONTWRITEBYTECODE variable (passed through from the host), so do the same here.
    sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
    site.addsitedir(site_dir)
    sys.path.insert(0, repo + "/src")
    os.chdir(repo)
    spec = importlib.util.find_spec("imp")
    expected = repo + "/src/imp.py"
    if spec is None or spec.origin != expected:
        origin = None if spec is None else spec.origin
        raise SystemExit(f"pyodide runner: import imp resolves to {origin}, not {expected}")

class _CallCounter:
    """Counts tests whose call phase ran, so that "everything skipped" is not taken as green."""

    def __init__(self):
        self.ran = 0

    def pytest_runtest_logreport(self, report):
        if report.when == "call":
            self.ran += 1

def _run(args):
    import pytest

    counter = _CallCounter()
    code = int(pytest.main(list(args), plugins=[counter]))
    sys.stdout.flush()
    sys.stderr.flush()
    if code == 0 and counter.ran == 0:
        print("pyodide runner: no test ran (all were skipped or deselected)", file=sys.stderr)
        return ${NO_TEST_RAN}
    return code
`;

function writer(stream) {
  // Raw byte writes keep pytest's output exactly as printed, progress dots included.
  return { write: (bytes) => { stream.write(bytes); return bytes.length; } };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const loadPyodide = await importPyodide(options.python);
  const env = { HOME: "/home/pyodide" };
  for (const name of PASSED_ENV) if (process.env[name] !== undefined) env[name] = process.env[name];
  const py = await loadPyodide({ env });
  py.setStdout(writer(process.stdout));
  py.setStderr(writer(process.stderr));

  const repo = "/repo";
  const FS = py.FS;
  FS.mkdirTree(repo);
  for (const sub of ["src", "tests"]) {
    FS.mkdirTree(`${repo}/${sub}`);
    FS.mount(FS.filesystems.NODEFS, { root: path.join(options.repo, sub) }, `${repo}/${sub}`);
  }
  // pytest reads its settings from pyproject.toml; a copy keeps the rest of the repository
  // (and pytest's and hypothesis's caches, written to the working folder) out of the host.
  const pyproject = path.join(options.repo, "pyproject.toml");
  if (existsSync(pyproject)) FS.writeFile(`${repo}/pyproject.toml`, readFileSync(pyproject));
  FS.mkdirTree("/site");
  FS.mount(FS.filesystems.NODEFS, { root: options.site }, "/site");

  let code;
  try {
    py.runPython(PYTHON_MAIN);
    const globals = py.globals;
    globals.get("_prepare")("/site", repo);
    code = globals.get("_run")(py.toPy(["-p", "no:cacheprovider", ...options.pytest]));
  } catch (error) {
    // SystemExit from _prepare, or Python failing before pytest could report anything.
    const text = String(error.message ?? error).trimEnd();
    // The runner's own SystemExit carries a complete message; anything else needs its traceback.
    process.stderr.write(`${error.type === "SystemExit" ? text.split("\n").pop().replace(/^SystemExit: /, "") : text}\n`);
    code = EXIT_SETUP;
  }
  process.exitCode = code;
}

await main();
