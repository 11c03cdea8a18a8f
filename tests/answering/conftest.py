"""Fixtures of the answering tests."""

import pytest

from tests.support.answering import use_fragment_catalogs


@pytest.fixture
def fragment_catalogs(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The catalogs compiled with the fragments' translations (for the modules that mark it)."""
    use_fragment_catalogs(monkeypatch, tmp_path_factory.mktemp("locales"))
