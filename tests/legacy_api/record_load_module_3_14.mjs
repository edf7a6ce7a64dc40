// Write reference_load_module_3_14.json: the load_module() scenarios run by CPython 3.14 itself.
//
// Why: 3.15 removed load_module(); the reference for imp_compat's replacement is what 3.14 did,
// and CPython 3.14 runs here only as Pyodide (WebAssembly) under Node.js.
//
// Usage (after `npm ci` in tests/pyodide):
//   node tests/legacy_api/record_load_module_3_14.mjs            # writes the reference
//   node tests/legacy_api/record_load_module_3_14.mjs --print    # prints it instead
//
// Only tests/ is mounted, never src/: imp_compat cannot take part.

import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TESTS = path.resolve(HERE, "..");
const require = createRequire(path.join(TESTS, "pyodide", "package.json"));
const entry = require.resolve("pyodide-314");
const { loadPyodide } = await import(path.join(path.dirname(entry), "pyodide.mjs"));

const py = await loadPyodide();
py.setStdout({ batched: (line) => process.stdout.write(line + "\n") });
py.setStderr({ batched: (line) => process.stderr.write(line + "\n") });
py.FS.mkdirTree("/tests");
py.FS.mount(py.FS.filesystems.NODEFS, { root: TESTS }, "/tests");
const write = !process.argv.includes("--print");
const code = py.runPython(`
import sys
sys.path.insert(0, "/tests")
from legacy_api import load_module_scenarios
load_module_scenarios.main(${write ? '["--write"]' : "[]"})
`);
process.exitCode = code;
