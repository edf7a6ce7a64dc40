"""boto 2.49.0 ``boto/pyami/launch_ami.py``: ``main()`` copies a script to S3.

``imp.find_module(script_name)`` finds the script on sys.path and its open file goes to
``key.set_contents_from_file``. boto's connections are replaced by tiny fakes that record
what they are given (no network); ``-r`` stops before an instance would be started.
"""

# The corpus modules exist only in the tree given at run time.
# mypy: disable-error-code="import-not-found, import-untyped"

from __future__ import annotations

import contextlib
import io
import sys
from typing import IO, Any

import _harness as h

h.use_release("boto-2.49.0")
import boto  # noqa: E402  (a stub package: the fakes below are all main() needs of it)

calls: list[object] = []


class FakeKey:
    md5 = "fake-md5"

    def __init__(self, name: str) -> None:
        self.name = name

    def set_contents_from_file(self, fp: IO[Any]) -> None:
        data = fp.read()
        calls.append({"key": self.name, "type": type(data).__name__, "data": data})


class FakeBucket:
    def __init__(self, name: str) -> None:
        self.name = name

    def new_key(self, name: str) -> FakeKey:
        calls.append(["new_key", self.name, name])
        return FakeKey(name)


class FakeS3:
    def get_bucket(self, name: str) -> FakeBucket:
        calls.append(["get_bucket", name])
        return FakeBucket(name)


class FakeEC2:
    aws_access_key_id = "AKFAKE"
    aws_secret_access_key = "secret"


def connect_s3() -> FakeS3:
    calls.append(["connect_s3"])
    return FakeS3()


def connect_ec2() -> FakeEC2:
    calls.append(["connect_ec2"])
    return FakeEC2()


boto.connect_s3 = connect_s3
boto.connect_ec2 = connect_ec2
from boto.pyami import launch_ami  # noqa: E402

h.write("scripts/myscript.py", "# the script\nclass Worker:\n    name = 'w\u00fc'\n")
h.write("scripts/latin.py", "# -*- coding: latin-1 -*-\nNAME = 'caf\xe9'\n", "latin-1")
h.write("scripts/pkgscript/__init__.py", "")
h.write("scripts/bom.py", "\ufeffNAME = 'with a byte order mark'\n")
sys.path.insert(0, h.WORK + "/scripts")


def launch(script: str) -> dict[str, object]:
    del calls[:]
    sys.argv = ["launch_ami.py", "-a", "ami-1234", "-b", "scripts", "-s", script, "-r", "x=1"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        outcome = h.call(launch_ami.main)
    return {"outcome": outcome, "printed": out.getvalue(), "calls": list(calls)}


result = {
    "found": launch("myscript"),
    "coding declaration": launch("latin"),
    "not found": launch("no_such_script"),
    "a package": launch("pkgscript"),
    "byte order mark": launch("bom"),
    "a built-in module": launch("sys"),
    "a frozen module": launch("os"),
}
h.report(result)
