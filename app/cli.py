"""The `monitorbot` command: run the bot (or a console chat), ask, import, export, db.

    monitorbot                         same as `monitorbot run`
    monitorbot run                     Telegram long polling; with no TELEGRAM_BOT_TOKEN, a console chat
    monitorbot run --webhook           webhooks at MONITORBOT_WEBHOOK_URL, plus /healthz /readyz /metrics
    monitorbot ask [--lang xx] "..."   print the answer as plain text
    monitorbot ask --chart FILE "..."  ... and write its figures as a PNG chart
    monitorbot import FILE             import an interchange file (atomic; non-zero exit on error)
    monitorbot export FILE             write the whole store ('-' for stdout)
    monitorbot db upgrade              apply schema migrations
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.config import ConfigError, Settings, _parse_listen
from bot.languages import CODES
from bot.logs import setup_logging
from bot.store import ImportError_, Store

# Each command imports the heavy parts it needs when it runs (telegram and the handlers, the
# answering core, alembic, matplotlib): `monitorbot import` loads none of them.


def _open_store(settings: Settings, *, starter: bool = True):
    store = Store.open(settings.database_url)
    store.feeds.interval = timedelta(seconds=settings.feed_interval)
    if starter and settings.starter:
        store.entries.load_starter_if_empty()
    return store


def _release_dead_leases(store) -> None:  # noqa: ANN001
    """A bot killed and started again need not wait out its former self's leases (leases.py)."""
    try:
        store.leases.release_dead_holders()
    except Exception as exc:  # noqa: BLE001 - a nicety: the leases lapse on their own anyway
        print(f"warning: could not check for leases of processes that no longer exist: {exc}", file=sys.stderr)


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    if getattr(args, "webhook", False):
        settings = _webhook_settings(settings, args)
        problems = settings.webhook_problems()
        if problems:
            for problem in problems:
                print(f"configuration error: {problem}", file=sys.stderr)
            return 2
        store = _open_store(settings)
        _release_dead_leases(store)
        from handlers.webhook import run_webhook

        run_webhook(settings, store)
        return 0
    store = _open_store(settings)
    _release_dead_leases(store)
    if settings.token:
        from handlers.app import run_polling

        run_polling(settings, store)
        return 0
    from app.console import run_console

    return run_console(settings, store)


def _webhook_settings(settings: Settings, args: argparse.Namespace) -> Settings:
    """Command-line flags override the environment."""
    changes: dict = {}
    if args.listen:
        changes["listen_host"], changes["listen_port"] = _parse_listen(args.listen)
    if args.webhook_url:
        changes["webhook_url"] = args.webhook_url
    if args.path:
        changes["webhook_path"] = args.path if args.path.startswith("/") else "/" + args.path
    if args.drop_pending:
        changes["webhook_drop_pending"] = True
    return replace(settings, **changes) if changes else settings


def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    from bot.answering import Answerer, render
    from bot.i18n import choose_language
    from bot.understanding import detect_language

    store = _open_store(settings)
    question = " ".join(args.question)
    lang = choose_language(args.lang, detect_language(question), None)
    answer = Answerer(store).ask(question, lang=lang)
    print(render(answer, lang, fmt="text"))
    if args.chart:
        return _write_chart(answer, lang, args.chart)
    return 0


def _write_chart(answer, lang: str, path: str) -> int:  # noqa: ANN001 - an Answer
    """`ask --chart FILE`: the answer's chart as a PNG; exit 1 when the answer has none."""
    from bot.charts import chart_answer

    chart = chart_answer(answer, lang)
    if chart is None:
        print("no chart: the answer has fewer than two dated figures to plot", file=sys.stderr)
        return 1
    try:
        Path(path).write_bytes(chart.png)
    except OSError as exc:
        print(f"error: cannot write {path}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"chart written to {path} ({chart.width}×{chart.height}, {len(chart.png)} bytes)", file=sys.stderr)
    return 0


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    store = _open_store(settings, starter=False)
    path = Path(args.file)
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    try:
        result = store.entries.import_document(data, actor=f"cli:{path.name}", dry_run=args.dry_run)
    except ImportError_ as exc:
        print(f"error: {args.file} was not imported; nothing was changed.", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except (SQLAlchemyError, OSError) as exc:  # a full disk, a locked or read-only database, a lost server
        print(f"error: {args.file} was not imported; nothing was changed: the database refused the write "
              f"({_database_problem(exc)}).", file=sys.stderr)
        return 1
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb} {args.file}: {result.added} added, {result.updated} updated, {result.unchanged} unchanged")
    return 0


def _database_problem(exc: BaseException) -> str:
    """One line naming what the database said ("database or disk is full"), no SQL, no traceback."""
    orig = getattr(exc, "orig", None) or exc
    text = str(getattr(orig, "strerror", None) or orig).strip().splitlines()
    return (text[0] if text else type(orig).__name__)[:200]


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    store = _open_store(settings, starter=False)
    text = store.entries.export_yaml()
    if args.file == "-":
        sys.stdout.write(text)
    else:
        Path(args.file).write_text(text, encoding="utf-8")
        counts = store.entries.counts()
        print(f"exported {args.file}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return 0


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    from bot.store.migrations import upgrade

    upgrade(settings.database_url)
    print("database is at the latest schema")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="monitorbot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run the bot (console chat when no token is set)")
    run.add_argument("--webhook", action="store_true",
                     help="receive updates by webhook (needs MONITORBOT_WEBHOOK_URL and _SECRET)")
    run.add_argument("--listen", metavar="HOST:PORT", help="webhook server address (MONITORBOT_LISTEN)")
    run.add_argument("--webhook-url", help="public https URL for setWebhook (MONITORBOT_WEBHOOK_URL)")
    run.add_argument("--path", help="local path Telegram POSTs to (MONITORBOT_WEBHOOK_PATH, /telegram)")
    run.add_argument("--drop-pending", action="store_true",
                     help="drop updates waiting at Telegram when the webhook is set")
    ask = sub.add_parser("ask", help="answer one question as plain text")
    ask.add_argument("--lang", choices=list(CODES), help="reply language (default: the question's)")
    ask.add_argument("--chart", metavar="FILE", help="also write the answer's figures as a PNG chart")
    ask.add_argument("question", nargs="+")
    imp = sub.add_parser("import", help="import an interchange file (YAML or JSON)")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="validate and count, change nothing")
    exp = sub.add_parser("export", help="export the whole store ('-' for stdout)")
    exp.add_argument("file")
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"])
    return parser


COMMANDS = {"run": cmd_run, "ask": cmd_ask, "import": cmd_import, "export": cmd_export, "db": cmd_db}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.log_json, token=settings.token)
    return COMMANDS[args.command or "run"](settings, args)


if __name__ == "__main__":
    sys.exit(main())
