"""Differential testing of ``imp_compat`` against Python 3.11's standard library ``imp``.

The pieces, one concern each:

* :mod:`.trees` generates random trees of modules, packages, ``.pyc`` files and extension
  modules as plain data, and writes them to disk;
* :mod:`.calls` generates sequences of ``imp`` calls on such a tree, as plain data, and
  renders them as a readable reproducer;
* :mod:`.runner` runs one sequence against one implementation in an isolated import world
  and records everything observable;
* :mod:`.normalise` turns what was observed (modules, files, exceptions...) into plain,
  comparable data;
* :mod:`.compare` runs both implementations on identical copies of a tree, diffs the
  records and explains the first difference;
* :mod:`.reference` loads the standard library's ``imp`` even where the project's own
  top-level ``imp.py`` would shadow it;
* :mod:`.survey` (``python -m differential.survey``) runs many scenarios without stopping
  and lists every kind of difference, each with its shortest reproducer.
"""
