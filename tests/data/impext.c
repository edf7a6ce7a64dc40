/* A tiny extension module built by tests/test_load_dynamic.py with the machine's C compiler.
 *
 * Why several init functions: CPython caches single-phase extension modules per (file, name),
 * so every test (and both implementations under test) gets a fresh name out of this one
 * library: PyInit__impext_0 ... PyInit__impext_<IMPEXT_COUNT - 1>.  Plus a multi-phase module
 * (_impext_multi) and one whose initialisation fails (_impext_fail).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *answer(PyObject *self, PyObject *unused) { return PyLong_FromLong(42); }

static PyMethodDef methods[] = {
    {"answer", answer, METH_NOARGS, "Return 42."},
    {NULL, NULL, 0, NULL},
};

#define SINGLE_PHASE(N)                                                                    \
    static struct PyModuleDef def_##N = {PyModuleDef_HEAD_INIT, "_impext_" #N,             \
                                         "single-phase test module", -1, methods};         \
    PyMODINIT_FUNC PyInit__impext_##N(void) {                                              \
        PyObject *m = PyModule_Create(&def_##N);                                           \
        if (m && PyModule_AddStringConstant(m, "INIT", "_impext_" #N) < 0) {               \
            Py_DECREF(m);                                                                  \
            return NULL;                                                                   \
        }                                                                                  \
        return m;                                                                          \
    }

#define TEN(D) SINGLE_PHASE(D##0) SINGLE_PHASE(D##1) SINGLE_PHASE(D##2) SINGLE_PHASE(D##3) \
    SINGLE_PHASE(D##4) SINGLE_PHASE(D##5) SINGLE_PHASE(D##6) SINGLE_PHASE(D##7)            \
    SINGLE_PHASE(D##8) SINGLE_PHASE(D##9)

SINGLE_PHASE(0) SINGLE_PHASE(1) SINGLE_PHASE(2) SINGLE_PHASE(3) SINGLE_PHASE(4)
SINGLE_PHASE(5) SINGLE_PHASE(6) SINGLE_PHASE(7) SINGLE_PHASE(8) SINGLE_PHASE(9)
TEN(1) TEN(2) TEN(3) TEN(4) TEN(5) TEN(6)

static int multi_exec(PyObject *m) { return PyModule_AddStringConstant(m, "INIT", "multi"); }

static PyModuleDef_Slot multi_slots[] = {{Py_mod_exec, multi_exec}, {0, NULL}};

static struct PyModuleDef multi_def = {PyModuleDef_HEAD_INIT, "_impext_multi",
                                       "multi-phase test module", 0, methods, multi_slots};

PyMODINIT_FUNC PyInit__impext_multi(void) { return PyModuleDef_Init(&multi_def); }

PyMODINIT_FUNC PyInit__impext_fail(void) {
    PyErr_SetString(PyExc_RuntimeError, "initialisation failed on purpose");
    return NULL;
}
