"""One frozen settings object, read from the environment once at start."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.languages import CODES as LANGUAGES  # noqa: F401 - read by the settings' users
from bot.languages import DEFAULT_LANGUAGE  # noqa: F401

DEFAULT_DATABASE_URL = "sqlite:///monitorbot.db"
DEFAULT_API_URL = "https://api.telegram.org"
DEFAULT_LISTEN = "0.0.0.0:8080"
DEFAULT_WEBHOOK_PATH = "/telegram"
_SECRET_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class ConfigError(ValueError):
    """The environment holds a value that cannot be used; the message says which and why."""


def _parse_admins(raw: str) -> frozenset[int]:
    ids = set()
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise ConfigError(f"MONITORBOT_ADMINS: {part!r} is not a numeric Telegram user id")
        ids.add(int(part))
    return frozenset(ids)


def _parse_listen(raw: str) -> tuple[str, int]:
    host, sep, port = raw.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ConfigError(f"MONITORBOT_LISTEN: expected host:port (e.g. {DEFAULT_LISTEN}), got {raw!r}")
    return host.strip("[]") or "0.0.0.0", int(port)


def _parse_secret(raw: str) -> str | None:
    secret = raw.strip()
    if not secret:
        return None
    # Telegram's own rule for secret_token; say so here rather than fail at setWebhook
    if len(secret) > 256 or not set(secret) <= _SECRET_CHARS:
        raise ConfigError("MONITORBOT_WEBHOOK_SECRET: 1-256 characters, only A-Z, a-z, 0-9, _ and -")
    return secret


def default_instance() -> str:
    """This process as a lease owner: host and pid (unique among the instances sharing a database)."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def _count(env: Mapping[str, str], name: str, default: int, minimum: int = 1, maximum: int = 10_000) -> int:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise ConfigError(f"{name}: expected a whole number from {minimum} to {maximum}, got {raw!r}")
    return int(raw)


def _seconds(env: Mapping[str, str], name: str, default: float, minimum: float = 0.1) -> float:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected a number of seconds (e.g. {default:g}), got {raw!r}") from None
    if not value >= minimum or value == float("inf"):
        raise ConfigError(f"{name}: expected at least {minimum:g} seconds, got {raw!r}")
    return value


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in {"1", "true", "on", "yes"}


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    api_url: str = DEFAULT_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    starter: bool = True
    admins: frozenset[int] = field(default_factory=frozenset)
    access: str = "team"  # team | open (enforced from the curator issue on)
    log_level: str = "INFO"
    log_json: bool = False
    fetch_allow_private: bool = False  # MONITORBOT_FETCH_ALLOW_PRIVATE: let URL fetches reach private/loopback hosts
    webhook_url: str | None = None  # MONITORBOT_WEBHOOK_URL: the public https URL Telegram posts to
    webhook_secret: str | None = None  # MONITORBOT_WEBHOOK_SECRET: X-Telegram-Bot-Api-Secret-Token
    webhook_path: str = DEFAULT_WEBHOOK_PATH  # MONITORBOT_WEBHOOK_PATH: the local path POSTed to
    webhook_drop_pending: bool = False  # MONITORBOT_WEBHOOK_DROP_PENDING: drop updates queued at Telegram
    listen_host: str = "0.0.0.0"  # MONITORBOT_LISTEN=host:port for the webhook/health/metrics server
    listen_port: int = 8080
    # Timings (seconds). Defaults suit production; tests and the soak bench shorten them.
    digest_interval: float = 60.0  # MONITORBOT_DIGEST_INTERVAL: between digest delivery rounds
    feed_check_interval: float = 60.0  # MONITORBOT_FEED_CHECK_INTERVAL: between looks for due feeds
    feed_interval: float = 900.0  # MONITORBOT_FEED_INTERVAL: a healthy feed's wait before its next poll
    lease_seconds: float = 120.0  # MONITORBOT_LEASE_SECONDS: a lease lapses unless renewed within this
    instance: str = field(default_factory=default_instance)  # MONITORBOT_INSTANCE: this process as lease owner
    # MONITORBOT_CONCURRENT_UPDATES: updates handled at once (each chat's still in order); 1 = one at a time
    concurrent_updates: int = 64
    # MONITORBOT_HTTP_CONNECTIONS: requests to the Bot API in flight at once (handlers/transport.py)
    http_connections: int = 8

    @property
    def base_url(self) -> str:
        """PTB's base_url: PTB appends the token and the method name."""
        return f"{self.api_url.rstrip('/')}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.api_url.rstrip('/')}/file/bot"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        access = env.get("MONITORBOT_ACCESS", "team").strip().lower() or "team"
        if access not in {"team", "open"}:
            raise ConfigError(f"MONITORBOT_ACCESS: expected 'team' or 'open', got {access!r}")
        starter = env.get("MONITORBOT_STARTER", "on").strip().lower()
        if starter not in {"on", "off", "1", "0", "true", "false", "yes", "no", ""}:
            raise ConfigError(f"MONITORBOT_STARTER: expected 'on' or 'off', got {starter!r}")
        listen_host, listen_port = _parse_listen(env.get("MONITORBOT_LISTEN") or DEFAULT_LISTEN)
        webhook_path = (env.get("MONITORBOT_WEBHOOK_PATH") or DEFAULT_WEBHOOK_PATH).strip()
        if not webhook_path.startswith("/"):
            webhook_path = "/" + webhook_path
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN") or None,
            api_url=env.get("TELEGRAM_API_URL") or DEFAULT_API_URL,
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            starter=starter not in {"off", "0", "false", "no"},
            admins=_parse_admins(env.get("MONITORBOT_ADMINS", "")),
            access=access,
            log_level=(env.get("MONITORBOT_LOG_LEVEL") or "INFO").upper(),
            log_json=(env.get("MONITORBOT_LOG_JSON", "").lower() in {"1", "true", "on", "yes"}),
            fetch_allow_private=(env.get("MONITORBOT_FETCH_ALLOW_PRIVATE", "").strip().lower()
                                 in {"1", "true", "on", "yes"}),
            webhook_url=(env.get("MONITORBOT_WEBHOOK_URL") or "").strip() or None,
            webhook_secret=_parse_secret(env.get("MONITORBOT_WEBHOOK_SECRET", "")),
            webhook_path=webhook_path,
            webhook_drop_pending=_flag(env, "MONITORBOT_WEBHOOK_DROP_PENDING"),
            listen_host=listen_host,
            listen_port=listen_port,
            digest_interval=_seconds(env, "MONITORBOT_DIGEST_INTERVAL", 60.0),
            feed_check_interval=_seconds(env, "MONITORBOT_FEED_CHECK_INTERVAL", 60.0),
            feed_interval=_seconds(env, "MONITORBOT_FEED_INTERVAL", 900.0, minimum=1.0),
            lease_seconds=_seconds(env, "MONITORBOT_LEASE_SECONDS", 120.0, minimum=1.0),
            instance=(env.get("MONITORBOT_INSTANCE") or "").strip()[:100] or default_instance(),
            concurrent_updates=_count(env, "MONITORBOT_CONCURRENT_UPDATES", 64),
            http_connections=_count(env, "MONITORBOT_HTTP_CONNECTIONS", 8),
        )

    def webhook_problems(self) -> list[str]:
        """What stops `run --webhook` from starting (empty when it can)."""
        problems = []
        if not self.token:
            problems.append("TELEGRAM_BOT_TOKEN is not set")
        if not self.webhook_url:
            problems.append("MONITORBOT_WEBHOOK_URL is not set (the public https URL Telegram posts to)")
        elif not self.webhook_url.startswith("https://"):
            problems.append(f"MONITORBOT_WEBHOOK_URL: Telegram needs an https URL, got {self.webhook_url!r}")
        if not self.webhook_secret:
            problems.append("MONITORBOT_WEBHOOK_SECRET is not set (every webhook request must carry it)")
        return problems
