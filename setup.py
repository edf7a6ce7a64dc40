"""Ships ``imp_compat_legacy_api.pth`` at the root of the wheel (site-packages).

Everything else is in ``pyproject.toml``. setuptools has no setting for a file at the top of
site-packages that is not a module, so ``build_py`` copies it there; see docs/legacy-api.md
for what the line does (it reads ``IMP_COMPAT_LEGACY_API`` and imports nothing when unset).
"""

import os

from setuptools import setup
from setuptools.command.build_py import build_py

PTH = "imp_compat_legacy_api.pth"
SOURCE = os.path.join("src", PTH)


class build_py_with_pth(build_py):  # noqa: N801 - named like the command it extends
    """build_py, plus the ``.pth`` file copied to the top of the build."""

    def run(self) -> None:
        super().run()
        self.copy_file(SOURCE, os.path.join(self.build_lib, PTH), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), os.path.join(self.build_lib, PTH)]

    def get_source_files(self) -> list[str]:
        return [*super().get_source_files(), SOURCE]  # so that the sdist holds it too

    def get_output_mapping(self) -> dict[str, str]:
        mapping = super().get_output_mapping()
        mapping[os.path.join(self.build_lib, PTH)] = SOURCE
        return mapping


setup(cmdclass={"build_py": build_py_with_pth})
