"""Logging for the whole process: plain lines or one JSON object per line, the bot token masked.

PTB and httpx log request URLs, which contain the token (`.../bot<token>/getUpdates`); every
record is masked when it is made (message and traceback) and every formatted line again.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

MASK = "<token>"
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# The update being handled in this task (set by the Application's first handler group).
update_id_var: ContextVar[int | None] = ContextVar("monitorbot_update_id", default=None)

_secrets: list[str] = []  # what to mask, longest first
_factory_installed = False


def _secret_parts(token: str) -> list[str]:
    """The token, and its secret half alone (after 'id:') when it is long enough to be one."""
    parts = [token]
    _, _, secret = token.partition(":")
    if len(secret) >= 8:
        parts.append(secret)
    return parts


def mask(text: str) -> str:
    """`text` with every registered secret replaced by <token>."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def _masking_factory(previous: Any) -> Any:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if not _secrets:
            return record
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: leave it to the handler to report
            return record
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            masked = mask(text)
            if masked != text:
                record.exc_text = masked
        return record

    return factory


def protect_token(token: str | None) -> None:
    """Mask `token` in all log records from now on, and silence per-request URL logging."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    global _factory_installed
    if not _factory_installed:
        logging.setLogRecordFactory(_masking_factory(logging.getLogRecordFactory()))
        _factory_installed = True
    if not token:
        return
    for part in _secret_parts(token):
        if part not in _secrets:
            _secrets.append(part)
    _secrets.sort(key=len, reverse=True)


class _UpdateIdFilter(logging.Filter):
    """Gives every record an update_id (None outside an update) unless it brought its own."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "update_id", None) is None:
            record.update_id = update_id_var.get()
        return True


class PlainFormatter(logging.Formatter):
    """The classic one-line format; the whole line (traceback included) masked."""

    def __init__(self) -> None:
        super().__init__(PLAIN_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, update_id (when known), exc."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        update_id = getattr(record, "update_id", None)
        if update_id is not None:
            entry["update_id"] = update_id
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return mask(json.dumps(entry, ensure_ascii=False, default=str))


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (test capture swaps it; a stale one is closed)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


_OURS = "_monitorbot_handler"


def setup_logging(level: str | int = "INFO", json_lines: bool = False, *, stream: Any = None,
                  token: str | None = None) -> logging.Handler:
    """Configure the root logger: plain or JSON lines on `stream` (stderr by default), the token
    masked in both. Calling it again replaces the handler it added before (and only that one)."""
    protect_token(token)
    handler = logging.StreamHandler(stream) if stream is not None else _CurrentStderr()
    handler.setFormatter(JsonFormatter() if json_lines else PlainFormatter())
    handler.addFilter(_UpdateIdFilter())
    setattr(handler, _OURS, True)
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, _OURS, False):
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # APScheduler says "Running job ..." at INFO on every tick of every job: noise, not news
    scheduler = logging.getLogger("apscheduler")
    if scheduler.level == logging.NOTSET and logging.getLevelName(level) != "DEBUG" and level != logging.DEBUG:
        scheduler.setLevel(logging.WARNING)
    return handler
