"""Keep the bot token out of every log line, traceback included.

PTB and httpx log request URLs, which contain the token (`.../bot<token>/getUpdates`).
We quieten those loggers and, belt and braces, mask the token in every record.
"""

from __future__ import annotations

import logging
import traceback

MASK = "<token>"
_installed: set[str] = set()


def _masking_factory(previous, token: str):
    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: leave it to the handler to report
            return record
        if token in message:
            record.msg, record.args = message.replace(token, MASK), None
        if record.exc_info and record.exc_info[1] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            if token in text:
                record.exc_text = text.replace(token, MASK)
        return record

    return factory


def protect_token(token: str | None) -> None:
    """Mask `token` in all log records from now on, and silence per-request URL logging."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if not token or token in _installed:
        return
    logging.setLogRecordFactory(_masking_factory(logging.getLogRecordFactory(), token))
    _installed.add(token)
