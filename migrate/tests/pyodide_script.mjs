// Run one Python script under Pyodide (CPython 3.14 or 3.15 in WebAssembly) in Node.js.
//
//   node pyodide_script.mjs REPO 3.15 DIR default|error
//
// REPO is the repository root (its tests/pyodide/node_modules holds both Pyodide releases:
// `npm ci` there); DIR, a host folder, becomes the working folder /work and the first entry of
// sys.path; DIR/snippet.py runs as __main__ with DeprecationWarning ignored or an error.
// Exit status: 0, or 1 when the script raised (its traceback on stderr); 64 on bad set-up.
import { createRequire } from "node:module";
import path from "node:path";

const [repo, version, dir, warnings] = process.argv.slice(2);
const PACKAGES = { "3.14": "pyodide-314", "3.15": "pyodide-315" };
if (!repo || !PACKAGES[version] || !dir || !["ignore", "error"].includes(warnings)) {
  process.stderr.write("usage: node pyodide_script.mjs REPO 3.14|3.15 DIR ignore|error\n");
  process.exit(64);
}
const require = createRequire(path.join(repo, "tests", "pyodide", "package.json"));
const entry = require.resolve(PACKAGES[version]);
const { loadPyodide } = await import(path.join(path.dirname(entry), "pyodide.mjs"));
const py = await loadPyodide({ env: { HOME: "/home/pyodide" } });
const write = (stream) => ({ write: (bytes) => { stream.write(bytes); return bytes.length; } });
py.setStdout(write(process.stdout));
py.setStderr(write(process.stderr));
py.FS.mkdirTree("/work");
py.FS.mount(py.FS.filesystems.NODEFS, { root: path.resolve(dir) }, "/work");
try {
  py.runPython(`
import os, runpy, sys, warnings
os.chdir("/work")
sys.path.insert(0, "/work")
warnings.simplefilter("${warnings}", DeprecationWarning)
runpy.run_path("/work/snippet.py", run_name="__main__")
sys.stdout.flush()
`);
} catch (error) {
  process.stderr.write(String(error.message ?? error));
  process.exitCode = 1;
}
