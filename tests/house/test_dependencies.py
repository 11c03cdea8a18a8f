"""Dependencies are declared and locked (README "Dependencies").

- every third-party package the code imports is declared in pyproject.toml, for the part of the
  tree that imports it (the bot at run time, the tests, the gazetteer script), not merely pulled
  in by something else;
- the lock files are fresh (each declared requirement has a pin that satisfies it), hashed, and
  agree with each other (the image's runtime lock holds the versions the tests run on);
- this environment was installed from the lock: the versions under test are the pinned ones;
- the image and CI install from the lock.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
DEV_LOCK = ROOT / "requirements-dev.lock"
RUNTIME_LOCK = ROOT / "requirements.lock"
FIRST_PARTY = {"bot", "handlers", "app", "tests", "bench", "scripts", "conftest", "dev"}


@cache
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def requirements(*extras: str, runtime: bool = True) -> list[Requirement]:
    raw = list(project()["dependencies"]) if runtime else []
    for extra in extras:
        raw += project()["optional-dependencies"][extra]
    return [Requirement(line) for line in raw]


def declared(*extras: str) -> set[str]:
    return {canonicalize_name(req.name) for req in requirements(*extras)}


@dataclass(frozen=True)
class Pin:
    name: str
    version: Version
    marker: Marker | None
    hashes: int

    def applies(self) -> bool:
        return self.marker is None or self.marker.evaluate()


_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


@cache
def pins(lock: Path) -> tuple[Pin, ...]:
    """The pins of a lock file written by `uv pip compile --generate-hashes`."""
    out: list[Pin] = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line.startswith((" ", "#")) or not line.strip():
            if line.strip().startswith("--hash=sha256:") and out:
                last = out[-1]
                out[-1] = Pin(last.name, last.version, last.marker, last.hashes + 1)
            continue
        match = _PIN.match(line)
        assert match, f"{lock.name}: unexpected line {line!r}"
        name, version, marker = match.groups()
        out.append(Pin(canonicalize_name(name), Version(version),
                       Marker(marker) if marker else None, 0))
    return tuple(out)


def applicable(lock: Path) -> dict[str, Version]:
    """The version pip installs here for each package of the lock (markers evaluated)."""
    return {pin.name: pin.version for pin in pins(lock) if pin.applies()}


def third_party_imports(*folders: str) -> dict[str, set[str]]:
    """Top-level names imported (at any depth of the code) -> files, stdlib and ours left out."""
    found: dict[str, set[str]] = {}
    for folder in folders:
        base = ROOT / folder
        files = [base] if base.is_file() else sorted(base.rglob("*.py"))
        # modules a script folder imports from beside itself (scripts/gazetteer_tables.py)
        local = {p.stem for p in files} if base.is_dir() else set()
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in sys.stdlib_module_names or top in FIRST_PARTY or top in local:
                        continue
                    found.setdefault(top, set()).add(path.relative_to(ROOT).as_posix())
    return found


@pytest.mark.parametrize(("folders", "extras"), [
    (("bot", "handlers", "app"), ()),
    (("tests", "bench"), ("test",)),
    (("scripts",), ("gazetteer",)),
])
def test_every_imported_package_is_declared(folders: tuple[str, ...], extras: tuple[str, ...]) -> None:
    distributions = importlib.metadata.packages_distributions()
    allowed = declared(*extras)
    missing = {}
    for top, files in third_party_imports(*folders).items():
        names = {canonicalize_name(d) for d in distributions.get(top, [])}
        assert names, f"{top} (imported in {sorted(files)[:3]}) belongs to no installed distribution"
        if not names & allowed:
            missing[top] = (sorted(names), sorted(files)[:3])
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_the_import_walk_sees_what_it_must() -> None:
    """The walk itself: it finds imports inside functions and maps sqlalchemy to its distribution."""
    found = third_party_imports("bot")
    assert "sqlalchemy" in found and "idna" in found  # idna is imported inside a function
    assert "sqlalchemy" in declared()


@pytest.mark.parametrize("lock", [DEV_LOCK, RUNTIME_LOCK], ids=lambda p: p.name)
def test_lock_is_hashed_and_satisfies_every_declared_requirement(lock: Path) -> None:
    extras = ("build", "test", "dev") if lock == DEV_LOCK else ("build",)
    assert all(pin.hashes for pin in pins(lock)), "pip install --require-hashes needs every hash"
    here = applicable(lock)
    stale = [str(req) for req in requirements(*extras)
             if (req.marker is None or req.marker.evaluate())
             and not (canonicalize_name(req.name) in here
                      and req.specifier.contains(here[canonicalize_name(req.name)], prereleases=True))]
    assert not stale, f"{lock.name} is stale for {stale}: run `python3 dev.py lock`"


def test_runtime_lock_holds_the_dev_lock_versions_and_no_test_tools() -> None:
    dev = {(pin.name, pin.version, str(pin.marker)) for pin in pins(DEV_LOCK)}
    runtime = {(pin.name, pin.version, str(pin.marker)) for pin in pins(RUNTIME_LOCK)}
    assert runtime <= dev, f"versions the tests never ran on: {sorted(runtime - dev)}"
    names = {pin.name for pin in pins(RUNTIME_LOCK)}
    assert not names & {"pytest", "hypothesis", "ruff", "uv"}
    assert {"python-telegram-bot", "aiohttp", "sqlalchemy", "setuptools"} <= names


def test_environment_under_test_is_the_locked_one() -> None:
    drift = {}
    for name, version in applicable(DEV_LOCK).items():
        try:
            installed = Version(importlib.metadata.version(name))
        except importlib.metadata.PackageNotFoundError:
            drift[name] = (str(version), None)
            continue
        if installed != version:
            drift[name] = (str(version), str(installed))
    assert not drift, f"lock vs installed (re-run python3 dev.py test to re-install): {drift}"


def test_aiohttp_serves_the_webhook_at_a_fixed_version_declared_once() -> None:
    everywhere = [req for extra in project()["optional-dependencies"].values()
                  for req in map(Requirement, extra)] + requirements()
    aiohttp = [req for req in everywhere if canonicalize_name(req.name) == "aiohttp"]
    assert len(aiohttp) == 1, "declared once, in the runtime dependencies"
    assert not aiohttp[0].specifier.contains("3.14.0") and aiohttp[0].specifier.contains("3.14.1")
    assert applicable(RUNTIME_LOCK)["aiohttp"] >= Version("3.14.1")


def test_image_and_ci_install_from_the_lock() -> None:
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "pip install --no-deps --no-build-isolation ." in dockerfile
    ignore = (ROOT / "docker" / "Dockerfile.dockerignore").read_text(encoding="utf-8")
    assert "!requirements.lock" in ignore.splitlines()
    dev = (ROOT / "dev.py").read_text(encoding="utf-8")
    assert '"--require-hashes", "-r", str(DEV_LOCK)' in dev and '"--no-deps"' in dev
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
