"""--install / --uninstall: idempotent, root only, and nothing left behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import imp_wsl
from imp_wsl import generator, trust
from imp_wsl.cli import main
from imp_wsl.errors import ImpError
from imp_wsl.generator import MARKER, TMPFILES_FILE
from imp_wsl.install import GENERATOR_PATH, generator_script, install, untrusted_path
from wsl_fakes import FakeSystem, full_wsl, snapshot


def test_install_writes_an_isolated_executable_generator(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--install"], fake) == 0
    script = fake.path(GENERATOR_PATH)
    assert script.read_text() == generator_script(sys.executable)
    assert script.read_text().startswith(f"#!{sys.executable} -I\n")
    assert script.stat().st_mode & 0o777 == 0o755
    assert fake.programs() == [["systemctl", "daemon-reload"]]
    assert "generator installed" in capsys.readouterr().out


def test_install_twice_changes_nothing(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--install"], fake) == 0
    before = fake.path(GENERATOR_PATH).stat().st_mtime_ns
    assert main(["--install"], fake) == 0
    assert fake.path(GENERATOR_PATH).stat().st_mtime_ns == before
    assert "already installed" in capsys.readouterr().out
    assert fake.programs() == [["systemctl", "daemon-reload"]]


def test_install_never_overwrites_a_foreign_generator(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.write(GENERATOR_PATH, "#!/bin/sh\n# someone else's\n")
    assert main(["--install"], fake) == 1
    assert "was not made by imp" in capsys.readouterr().err
    assert fake.read_text(GENERATOR_PATH) == "#!/bin/sh\n# someone else's\n"


@pytest.mark.parametrize("flag", ["--install", "--uninstall"])
def test_install_and_uninstall_need_root(
    fake: FakeSystem, flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.euid = 1000
    assert main([flag], fake) == 5
    assert f"run: sudo imp {flag}" in capsys.readouterr().err
    assert not fake.path("/etc").exists()


def test_install_without_systemd_running_skips_the_reload(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.write("/proc/1/comm", "init\n")
    assert main(["--install"], fake) == 0
    assert fake.calls == []
    assert "applies at its next start" in capsys.readouterr().out


def test_uninstall_leaves_nothing_behind(fake: FakeSystem, tmp_path: Path) -> None:
    full_wsl(fake)
    fake.write("/etc/keep.conf", "mine\n")
    before = snapshot(fake.root)
    assert main(["--install"], fake) == 0
    normal = tmp_path / "generator-out"
    normal.mkdir()
    assert generator.main([str(normal)], fake) == 0  # the boot that follows
    assert fake.path(TMPFILES_FILE).exists()
    assert main(["--uninstall"], fake) == 0
    assert snapshot(fake.root) == before
    assert fake.programs() == [["systemctl", "daemon-reload"]] * 2
    assert main(["--uninstall"], fake) == 0  # idempotent
    assert snapshot(fake.root) == before


def test_uninstall_keeps_files_it_did_not_make(fake: FakeSystem) -> None:
    fake.write(TMPFILES_FILE, "# the admin's own\nd /tmp/.X11-unix 1777 root root -\n")
    assert main(["--uninstall"], fake) == 0
    assert fake.read_text(TMPFILES_FILE) == "# the admin's own\nd /tmp/.X11-unix 1777 root root -\n"


def test_the_installed_generator_really_runs(tmp_path: Path) -> None:
    """The written script starts under -I and imports imp_wsl (not WSL here: no output)."""
    probe = subprocess.run(
        [sys.executable, "-I", "-c", "import imp_wsl.generator"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip("imp_wsl is not installed for this interpreter (pip install ./wsl)")
    if "microsoft" in os.uname().release.lower() or Path("/run/WSL").exists():
        pytest.skip("this machine is WSL: the real generator would write to /run")
    script = tmp_path / "imp-wsl-generator"
    script.write_text(generator_script(sys.executable))
    script.chmod(0o755)
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run(
        [str(script), str(out), str(out), str(out)],
        capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": "/nonexistent"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert list(out.iterdir()) == []
    assert MARKER in script.read_text()


def test_untrusted_paths_are_found(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("ownership by root can only be arranged as root")
    trusted = tmp_path / "trusted"
    trusted.mkdir(mode=0o755)
    os.chmod(trusted, 0o755)
    tool = trusted / "python"
    tool.write_text("")
    os.chmod(tool, 0o755)
    # /tmp itself is world-writable but sticky: a parent like that is acceptable
    assert untrusted_path(tool) is None
    os.chmod(tool, 0o775)
    assert untrusted_path(tool) == str(tool)
    os.chmod(tool, 0o755)
    os.chown(trusted, 1000, 1000)
    assert untrusted_path(tool) == str(trusted)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("my venv", "a space"),  # '#!/x/my venv/bin/python' runs /x/my; ExecStart splits too
        ("100%h", "'%'"),  # systemd expands %h in ExecStart= to a home directory
        ("a" * 250, "longer than"),  # the kernel reads only the first 256 bytes after '#!'
    ],
)
def test_install_refuses_an_interpreter_path_a_shebang_or_unit_cannot_hold(
    fake: FakeSystem, tmp_path: Path, name: str, why: str
) -> None:
    python = tmp_path / name / "python3"
    python.parent.mkdir()
    python.symlink_to(sys.executable)
    with pytest.raises(ImpError) as error:
        install(fake, str(python))
    assert error.value.message.startswith(f"not installing: the interpreter path {str(python)!r} ")
    assert why in error.value.message
    assert not fake.path(GENERATOR_PATH).exists()


def test_install_refuses_an_interpreter_users_can_change(
    fake: FakeSystem, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    python = shared / "python3"
    python.write_text("")
    with pytest.raises(ImpError) as error:
        install(fake, str(python))
    assert error.value.message.startswith(f"not installing: {shared} is writable by others")
    assert not fake.path(GENERATOR_PATH).exists()


def test_a_planted_symlink_is_never_written_through(
    fake: FakeSystem, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Old versions wrote 'imp-wsl-generator.imp-new' with a plain open(): a symlink planted
    under that name sent root's write (and chmod 0755) to any file."""
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    victim.chmod(0o600)
    directory = fake.path(GENERATOR_PATH).parent
    directory.mkdir(parents=True)
    (directory / "imp-wsl-generator.imp-new").symlink_to(victim)
    assert main(["--install"], fake) == 0
    assert victim.read_text() == "precious\n"
    assert victim.stat().st_mode & 0o777 == 0o600
    target = fake.path(GENERATOR_PATH)
    assert not target.is_symlink()
    assert target.read_text() == generator_script(sys.executable)


def test_install_checks_the_platform(bare: FakeSystem, capsys: pytest.CaptureFixture[str]) -> None:
    """Like every command, --install needs WSL 2 (exit 3); systemd need not run yet."""
    assert main(["--install"], bare) == 3
    assert "not running under WSL 2" in capsys.readouterr().err
    assert not bare.path("/etc").exists()


def test_uninstall_cleans_up_on_any_platform(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--install"], fake) == 0
    fake.write("/proc/sys/kernel/osrelease", "6.1.0-13-amd64\n")  # no longer WSL
    fake.write("/proc/1/comm", "init\n")
    assert main(["--uninstall"], fake) == 0
    assert not fake.path(GENERATOR_PATH).exists()
    assert "removed /etc/systemd/system-generators/imp-wsl-generator" in capsys.readouterr().out


# -- the trust check, attacked for real: a venv of root's with one weak spot -----------------
NOBODY = 65534
INSTALL_IN_VENV = """
import sys
from pathlib import Path
sys.path.append(sys.argv[1])  # the tests' fakes, after all the venv's own paths
from wsl_fakes import FakeSystem, make_wsl
from imp_wsl.cli import main
raise SystemExit(main(["--install"], make_wsl(FakeSystem(Path(sys.argv[2])))))
"""


def as_nobody(*argv: str) -> None:
    """Do something as an unprivileged user; it must succeed (the weak spot is real)."""
    cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *argv]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def venv() -> Iterator[Path]:
    """A root-owned venv with its own copy of imp_wsl, where a user can reach every path."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to arrange files of other users")
    base = Path(tempfile.mkdtemp(prefix="imp-trust-"))
    try:
        base.chmod(0o755)
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(base / "venv")],
                       check=True)  # fmt: skip
        site = next((base / "venv/lib").glob("python3*/site-packages"))
        package = Path(imp_wsl.__file__).parent
        shutil.copytree(package, site / "imp_wsl", ignore=shutil.ignore_patterns("__pycache__"))
        yield base / "venv"
    finally:
        shutil.rmtree(base)


def install_from(venv: Path, root: Path) -> subprocess.CompletedProcess[str]:
    tests = str(Path(__file__).parent)
    return subprocess.run(
        [str(venv / "bin/python"), "-I", "-c", INSTALL_IN_VENV, tests, str(root)],
        capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def _site(venv: Path) -> Path:
    return next((venv / "lib").glob("python3*/site-packages"))


def package_file_writable(venv: Path) -> Path:
    target = _site(venv) / "imp_wsl/mounts.py"
    target.chmod(0o666)
    as_nobody("sh", "-c", f"echo '# an attacker was here' >> {target}")
    return target


def package_file_of_a_user(venv: Path) -> Path:
    target = _site(venv) / "imp_wsl/generator.py"
    os.chown(target, NOBODY, NOBODY)
    as_nobody("sh", "-c", f"echo '# an attacker was here' >> {target}")
    return target


def venv_bin_writable(venv: Path) -> Path:
    (venv / "bin").chmod(0o777)  # the shebang names bin/python, a symlink out of the venv
    as_nobody("touch", str(venv / "bin/attacker-was-here"))
    return venv / "bin"


def pyvenv_cfg_writable(venv: Path) -> Path:
    target = venv / "pyvenv.cfg"
    target.chmod(0o666)
    as_nobody("sh", "-c", f"echo '# an attacker was here' >> {target}")
    return target


def pth_of_a_user(venv: Path) -> Path:
    target = _site(venv) / "zz-user.pth"
    target.write_text("# looks harmless\n")
    os.chown(target, NOBODY, NOBODY)
    as_nobody("sh", "-c", f"echo 'import os  # runs as root at boot' >> {target}")
    return target


def sitecustomize_of_a_user(venv: Path) -> Path:
    target = _site(venv) / "sitecustomize.py"
    target.write_text("")
    os.chown(target, NOBODY, NOBODY)
    as_nobody("sh", "-c", f"echo 'import os  # runs as root at boot' >> {target}")
    return target


def pth_dir_writable(venv: Path) -> Path:
    shared = venv.parent / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    (_site(venv) / "extra.pth").write_text(f"{shared}\n")
    as_nobody("sh", "-c", f"echo 'import os' > {shared}/sitecustomize.py")
    return shared


def module_run_by_a_pth_writable(venv: Path) -> Path:
    """Like setuptools' distutils-precedence.pth, which imports _distutils_hack at startup."""
    (_site(venv) / "zz-hook.pth").write_text("import zz_hook; zz_hook.install()\n")
    target = _site(venv) / "zz_hook.py"
    target.write_text("def install() -> None:\n    pass\n")
    target.chmod(0o666)
    as_nobody("sh", "-c", f"echo 'import os  # runs as root at boot' >> {target}")
    return target


def stdlib_probe_of_a_user(venv: Path) -> Path:
    """subprocess tries 'import msvcrt' (Windows-only): on Linux the search goes on into the
    site directories, where a module of that name runs as root."""
    target = _site(venv) / "msvcrt.py"
    target.write_text("raise ModuleNotFoundError('not on Linux')\n")  # harmless, for now
    os.chown(target, NOBODY, NOBODY)
    as_nobody("sh", "-c", f"echo '# an attacker was here' >> {target}")
    return target


def jython_probe_writable(venv: Path) -> Path:
    """copy (3.11) tries 'from org.python.core import PyStringMap' (Jython) the same way."""
    package = _site(venv) / "org"
    package.mkdir()
    package.chmod(0o777)
    as_nobody("sh", "-c", f"echo '# an attacker was here' > {package}/__init__.py")
    return package


@pytest.mark.parametrize(
    "attack",
    [
        stdlib_probe_of_a_user,
        jython_probe_writable,
        module_run_by_a_pth_writable,
        package_file_writable,
        package_file_of_a_user,
        venv_bin_writable,
        pyvenv_cfg_writable,
        pth_of_a_user,
        sitecustomize_of_a_user,
        pth_dir_writable,
    ],
)
def test_install_refuses_every_route_to_root_at_boot(
    venv: Path, tmp_path: Path, attack: Callable[[Path], Path]
) -> None:
    clean = install_from(venv, tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr  # the venv as made is fine
    weak = attack(venv)
    root = tmp_path / "root"
    result = install_from(venv, root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith(f"imp: not installing: {weak} is "), result.stderr
    assert not (root / GENERATOR_PATH.lstrip("/")).exists()


def test_a_missing_site_directory_must_not_be_creatable_by_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """site adds e.g. /usr/local/lib/python3.X/dist-packages only when it exists: whoever may
    create it may fill it with .pth files."""
    if os.geteuid() != 0:
        pytest.skip("ownership by root can only be arranged as root")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setattr("site.getsitepackages", lambda: [str(shared / "dist-packages")])
    weak = trust.first_weak(trust.boot_code(sys.executable, Path(imp_wsl.__file__).parent))
    assert weak is not None and weak.path == str(shared)


def test_every_imp_wsl_on_the_boot_path_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The boot code imports the first imp_wsl on python -I's path, which need not be the one
    imp --install runs from (root's ~/.local, PYTHONPATH): every imp_wsl there must be root's."""
    if os.geteuid() != 0:
        pytest.skip("ownership by another user can only be arranged as root")
    site_dir = tmp_path / "site"
    (site_dir / "imp_wsl").mkdir(parents=True)
    planted = site_dir / "imp_wsl" / "generator.py"
    planted.write_text("import os  # runs as root at boot\n")
    os.chown(planted, NOBODY, NOBODY)
    monkeypatch.setattr("site.getsitepackages", lambda: [str(site_dir)])
    weak = trust.first_weak(trust.boot_code(sys.executable, Path(imp_wsl.__file__).parent))
    assert weak is not None and weak.path == str(planted)


def test_a_users_symlink_on_the_way_is_refused(venv: Path, tmp_path: Path) -> None:
    """In a sticky directory (like /tmp) a user may not touch root's files, but may replace
    a symlink of their own at any time: the generator would name a path they redirect."""
    sticky = Path(tempfile.mkdtemp(prefix="imp-sticky-"))
    try:
        sticky.chmod(0o1777)
        link = sticky / "imp"
        link.symlink_to(venv)
        os.lchown(link, NOBODY, NOBODY)
        result = install_from(link, tmp_path / "root")
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stderr.startswith(f"imp: not installing: {link} is "), result.stderr
        as_nobody("ln", "-sfn", "/nonexistent", str(link))  # the weak spot is real
    finally:
        shutil.rmtree(sticky)


@pytest.mark.parametrize("fstype", ["9p", "virtiofs", "fuse.sshfs", "cifs"])
def test_files_on_a_filesystem_that_ownership_does_not_guard_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fstype: str
) -> None:
    """WSL's Windows drives (9p/drvfs, virtiofs) may show root and 0755 with metadata options,
    yet Windows programs change the files at will; a user's FUSE mount serves any owner."""
    if os.geteuid() != 0:
        pytest.skip("ownership by root can only be arranged as root")
    (tmp_path / "venv").mkdir(mode=0o755)
    python = tmp_path / "venv" / "python3"
    python.write_text("")
    python.chmod(0o755)
    device = python.stat().st_dev
    assert untrusted_path(python) is None  # on this machine's own filesystem: fine
    # As if this machine's filesystem were mounted that way (the real ones need Windows, FUSE).
    monkeypatch.setattr(trust, "_filesystem_types", lambda: {device: fstype})
    assert untrusted_path(python) == "/"
    weak = trust.first_weak([python])
    assert weak is not None and weak.why == (
        f"is on a {fstype} filesystem, where owners and modes do not keep others from changing it"
    )
