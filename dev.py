#!/usr/bin/env python3
"""One entry point for a fresh machine that has only Python.

    python3 dev.py run [args...]   install into .venv if needed, then start the bot
                                   (no TELEGRAM_BOT_TOKEN: a console chat)
    python3 dev.py test [args...]  install into .venv if needed, then run the test suite

It uses nothing but the standard library, so it runs before anything is installed.
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


def _requirements_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_installed() -> None:
    """Create .venv and install the project with its test extras when pyproject changed."""
    if not PY.exists():
        print("Creating .venv ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = _requirements_digest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    print("Installing monitorbot and its dependencies into .venv ...", file=sys.stderr)
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "-e", f"{ROOT}[test]"])
    STAMP.write_text(digest)


def compile_catalogs() -> None:
    subprocess.check_call([str(PY), "-m", "bot.i18n", "compile"], cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
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
