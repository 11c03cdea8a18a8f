#!/usr/bin/env python3
"""One entry point for a fresh machine that has only Python.

    python3 dev.py run [args...]   install into .venv if needed, then start the bot
                                   (no TELEGRAM_BOT_TOKEN: a console chat)
    python3 dev.py test [args...]  install into .venv if needed, then run the test suite
    python3 dev.py lock [args...]  rewrite the lock files from pyproject.toml (keeps every pin it
                                   can; `lock --upgrade` or `lock --upgrade-package NAME` moves on)

It uses nothing but the standard library, so it runs before anything is installed. What it
installs comes from the lock files, every file checked against its hash:

    requirements-dev.lock  runtime + test + build + dev extras: .venv here and CI
    requirements.lock      runtime + build only, the same versions: the Docker image
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".monitorbot-installed"
DEV_LOCK = ROOT / "requirements-dev.lock"
RUNTIME_LOCK = ROOT / "requirements.lock"
# uv resolves for every platform at once (--universal), so one lock serves Linux, macOS and
# Windows alike; pip installs the result. The runtime lock is constrained by the dev lock: the
# image gets exactly the versions the tests ran on.
_COMPILE = ["-m", "uv", "pip", "compile", "pyproject.toml", "--universal", "--python-version",
            "3.11", "--generate-hashes", "--quiet", "--extra", "build"]
LOCK_COMMANDS = (
    [*_COMPILE, "--extra", "test", "--extra", "dev", "-o", DEV_LOCK.name],
    [*_COMPILE, "-c", DEV_LOCK.name, "-o", RUNTIME_LOCK.name],
)


def _requirements_digest() -> str:
    """Re-install when the lock or the project file (entry points, packages) changes."""
    digest = hashlib.sha256()
    for path in (DEV_LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_installed() -> None:
    """Create .venv and install the locked dependencies, then the project itself, when the lock
    or pyproject changed."""
    if not PY.exists():
        print("Creating .venv ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = _requirements_digest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    print("Installing monitorbot and its locked dependencies into .venv ...", file=sys.stderr)
    pip = [str(PY), "-m", "pip", "install", "-q"]
    subprocess.check_call([*pip, "--require-hashes", "-r", str(DEV_LOCK)])
    # the dependencies are in place: install only the project, built with the locked setuptools
    subprocess.check_call([*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)])
    STAMP.write_text(digest)


def lock(args: list[str]) -> int:
    """Rewrite both lock files from pyproject.toml, then install from the new dev lock."""
    ensure_installed()
    for command in LOCK_COMMANDS:
        code = subprocess.call([str(PY), *command, *args], cwd=ROOT)
        if code:
            return code
    ensure_installed()
    return 0


def compile_catalogs() -> None:
    subprocess.check_call([str(PY), "-m", "bot.i18n", "compile"], cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "lock"}:
        print(__doc__, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "lock":
        return lock(rest)
    ensure_installed()
    compile_catalogs()
    if command == "run":
        return subprocess.call([str(BIN / "monitorbot"), *rest], cwd=ROOT)
    code = subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT)
    if code == 5:
        print("pytest collected no tests: that is a failure here.", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
