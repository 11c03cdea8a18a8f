"""Fixtures of the deployment tests."""

from collections.abc import Iterator

import pytest

from tests.support.store import _postgres_unavailable, postgres_url


@pytest.fixture(scope="module")
def postgres_reachable() -> Iterator[None]:
    """Skip (or fail under MONITORBOT_REQUIRE_POSTGRES=1) when PostgreSQL cannot be reached."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    engine = create_engine(make_url(postgres_url()).set(database="postgres"))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        _postgres_unavailable(str(exc.orig).splitlines()[0] if exc.orig else str(exc))
    finally:
        engine.dispose()
    yield
