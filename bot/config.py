"""One frozen settings object, read from the environment once at start."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

LANGUAGES = ("en", "ru", "kk")
DEFAULT_LANGUAGE = "en"
DEFAULT_DATABASE_URL = "sqlite:///monitorbot.db"
DEFAULT_API_URL = "https://api.telegram.org"


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
        )
