"""Differential testing of ``imp_compat`` against Python 3.11's standard library ``imp``.

The pieces, one concern each:

* :mod:`.trees` generates random trees of modules, packages, ``.pyc`` files and extension
  modules as plain data, and writes them to disk;
* :mod:`.calls` generates sequences of ``imp`` calls on such a tree, as plain data;
* :mod:`.runner` runs one sequence against one implementation in an isolated import world
  and records everything observable;
* :mod:`.normalise` turns what was observed (modules, files, exceptions...) into plain,
  comparable data;
* :mod:`.compare` runs both implementations on byte-identical copies of a tree, diffs the
  records and renders a readable reproducer when they differ.
"""
