/* What 3.11's test_imp needs from CPython 3.11's _testmultiphase extension, which 3.12 dropped
 * together with imp: the PyInit_imp_dummy entry point (bpo-24748).
 *
 * test_issue24748_load_module_skips_sys_modules_check imports the source module test.imp_dummy,
 * then loads the file of _testmultiphase under that same name with imp.load_dynamic, which
 * looks for PyInit_imp_dummy, and checks that a new module came back (int_const == 1969) in
 * place of the one in sys.modules. tests/test_cpython_test_imp.py builds this file as
 * _testmultiphase<EXT_SUFFIX> in a folder put first on sys.path for that run only.
 * Like 3.11's, the module is multi-phase and sets int_const and str_const when executed.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static int imp_dummy_exec(PyObject *module) {
    if (PyModule_AddIntConstant(module, "int_const", 1969) < 0) {
        return -1;
    }
    return PyModule_AddStringConstant(module, "str_const", "something different");
}

static PyModuleDef_Slot imp_dummy_slots[] = {{Py_mod_exec, imp_dummy_exec}, {0, NULL}};

static struct PyModuleDef imp_dummy_def = {
    PyModuleDef_HEAD_INIT, "imp_dummy", "Stand-in for 3.11's _testmultiphase imp_dummy.", 0,
    NULL, imp_dummy_slots,
};

PyMODINIT_FUNC PyInit_imp_dummy(void) { return PyModuleDef_Init(&imp_dummy_def); }
