"""Container health check: `python -m bot.healthcheck` exits 0 when the bot is healthy, 1 when not.

Webhook mode (MONITORBOT_WEBHOOK_URL set): GET /healthz on MONITORBOT_LISTEN must answer 200.
Polling mode has no HTTP port, so the check is that the store (DATABASE_URL) answers a query.
Standard library plus SQLAlchemy only: no curl in slim images, no telegram import.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping

DEFAULT_LISTEN = "0.0.0.0:8080"
TIMEOUT_SECONDS = 3.0


def probe_address(listen: str) -> tuple[str, int]:
    """The address to probe for a listen address: a wildcard host becomes loopback.

    "0.0.0.0:8080" -> ("127.0.0.1", 8080); "[::]:9000" -> ("::1", 9000); ":8080" -> loopback too.
    """
    host, sep, port = listen.strip().rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"MONITORBOT_LISTEN: expected host:port, got {listen!r}")
    host = host.strip("[]")
    if host in ("", "0.0.0.0", "*"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return host, int(port)


def check_http(listen: str, path: str = "/healthz", timeout: float = TIMEOUT_SECONDS) -> tuple[bool, str]:
    """Is the webhook server's liveness endpoint answering 200?"""
    host, port = probe_address(listen)
    netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    url = f"http://{netloc}{path}"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback only)
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (OSError, ValueError) as exc:
        return False, f"{url}: no answer ({type(exc).__name__}: {getattr(exc, 'reason', exc)})"
    return (status == 200), f"{url}: HTTP {status}"


def check_store(database_url: str) -> tuple[bool, str]:
    """Does the store's database answer a trivial query? (Never prints the URL's password.)"""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from bot.store.engine import make_engine

    try:
        shown = make_url(database_url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL is itself the finding
        return False, "DATABASE_URL is not a database URL"
    parsed = make_url(database_url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        # connecting would create an empty file; the bot creates (and migrates) it at start
        if not os.path.exists(parsed.database):
            return False, f"{shown}: no database file yet"
    try:
        engine = make_engine(database_url)
    except Exception as exc:  # noqa: BLE001 - e.g. a driver that is not installed
        return False, f"{shown}: {type(exc).__name__}"
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return False, f"{shown}: unreachable ({reason[0] if reason else type(exc).__name__})"
    finally:
        engine.dispose()
    return True, f"{shown}: reachable"


def check(env: Mapping[str, str] | None = None) -> tuple[bool, str]:
    """The health verdict and a one-line reason, from the same environment the bot reads."""
    env = os.environ if env is None else env
    if (env.get("MONITORBOT_WEBHOOK_URL") or "").strip():
        try:
            return check_http(env.get("MONITORBOT_LISTEN") or DEFAULT_LISTEN)
        except ValueError as exc:
            return False, str(exc)
    from bot.config import DEFAULT_DATABASE_URL

    return check_store(env.get("DATABASE_URL") or DEFAULT_DATABASE_URL)


def main() -> int:
    healthy, reason = check()
    print(("healthy: " if healthy else "unhealthy: ") + reason, file=sys.stdout if healthy else sys.stderr)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
