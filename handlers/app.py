"""Builds the Telegram Application: services, handlers in order, command menus, polling.

`build_application` is shared by real polling, the console chat and the end-to-end tests;
only the transport differs.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from telegram import (
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, TypeHandler
from telegram.request import BaseRequest

from bot import metrics
from bot.answering import Answerer
from bot.answering.conversation import ContextWriter
from bot.config import Settings
from bot.logs import update_id_var
from bot.store import Store
from bot.store.offload import off_loop
from handlers import (
    access,
    admin,
    ask,
    chart,
    curate,
    digest_delivery,
    errors,
    fallbacks,
    feeds,
    flow,
    inline,
    language,
    menus,
    pending,
    review,
    session,
    start,
    subscribe,
    upload,
    why,
)
from handlers.concurrency import PerChatUpdateProcessor
from handlers.logsafety import protect_token
from handlers.menus import MENU_LANGUAGES, everyday_menu
from handlers.prefs import prefs_for
from handlers.services import SERVICES_KEY, MonitorContext, Services
from handlers.transport import BotRequest

log = logging.getLogger(__name__)

PLACEHOLDER_TOKEN = "0:console"  # the console transport never sends it anywhere



async def set_command_menus(app: Application) -> None:
    """setMyCommands per language and per scope (private chats; groups get /ask)."""
    for code, lang in MENU_LANGUAGES.items():
        for scope, group in ((BotCommandScopeAllPrivateChats(), False), (BotCommandScopeAllGroupChats(), True)):
            await app.bot.set_my_commands(everyday_menu(lang, group=group), scope=scope, language_code=code or None)


def _warm_up(answerer: Answerer) -> None:
    """Build the store's indexes and load the language tables (morphology dictionaries) before
    the first question, which would otherwise wait seconds for them."""
    try:
        answerer.warm_up()
    except Exception:  # noqa: BLE001 - the first real question will build them (and say what fails)
        log.warning("warming up the answerer failed", exc_info=True)
    settle_long_lived_objects()


def settle_long_lived_objects() -> None:
    """Take what exists now (modules, language tables, the index just built: hundreds of thousands
    of objects that live as long as the process) out of the garbage collector's full passes.
    Each full pass walked them all, about a quarter of a second holding the GIL, a few times a
    minute under load (bench/e2e_throughput.py: ~10% of a busy bot's time). Objects made later,
    including the index of a later generation, are collected as usual; what is taken out now and
    dropped later is still freed by reference counting (only reference cycles among them stay).
    Once per process: the first start's objects are the long-lived ones.

    Full passes then come ten times less often (after 100 middle-generation passes, not 10): with
    the frozen objects out of the count, the default let one run every few hundred updates, each
    walking the bot's other long-lived objects (~60 ms); short-lived cycles are still collected
    by the young generations as before. Measured: 12% fewer CPU per update under load."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_PASS_EVERY)


FULL_PASS_EVERY = 100  # middle-generation passes between full ones (CPython's default: 10)


_settled = False


async def _post_init(app: Application) -> None:
    services = app.bot_data.get(SERVICES_KEY)
    if services is not None:
        # in the background: a question arriving meanwhile waits for the same build, not a second one
        app.bot_data["warm_up"] = asyncio.ensure_future(off_loop(services.store, _warm_up, services.answerer))
    try:
        await set_command_menus(app)
        await menus.refresh_all(app)  # curators' and admins' own menus
    except TelegramError as exc:  # a menu is a nicety: answer questions without one
        log.warning("could not set the command menus: %s", exc)


async def _post_stop(app: Application) -> None:
    warm_up = app.bot_data.pop("warm_up", None)
    if warm_up is not None:
        await warm_up  # seconds at most; never left pending when the loop closes
    services = app.bot_data.get(SERVICES_KEY)
    if services is not None:  # the follow-up contexts of the last half second: a restart keeps them
        try:
            await ContextWriter.of(services.store).flush()
        except Exception:
            log.exception("the last follow-up contexts could not be written at shutdown")


async def _observe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Group -100, before everything: count the update by kind; its id goes on every log line."""
    update_id_var.set(update.update_id)
    metrics.count_update(metrics.update_kind(update))


def register_handlers(app: Application) -> None:
    """Order matters: in one group PTB runs only the first handler that matches.
    The conversations first (a flow under way claims the person's next message), then free-text
    questions — most updates, and no handler after them takes free text: commands, buttons,
    files and inline queries are other updates, so checking questions early changes no
    outcome and spares each question some forty checks —, then commands, button presses by
    prefix with a catch-all for stale ones, inline queries, and last the fallbacks for unknown
    commands and non-text messages. Edited messages and channel
    posts match nothing and are ignored: the answer to the original message stands."""
    app.add_handler(TypeHandler(Update, _observe), group=-100)  # metrics and log context only
    access.register(app)  # group -10: record who was seen; under "team", stop strangers
    why.register_guard(app)  # group -9: a button press with no message is only ever a why: button
    subscribe.register(app)  # /subscribe steps, /subscriptions, /digest (before flow: its /cancel)
    review.register(app)  # /review and its "Edit first" steps
    flow.register(app)  # /add, /report and their steps (a conversation claims the user's next messages)
    ask.register_questions(app)  # private text, group text addressed to the bot
    start.register(app)  # /start, /help
    language.register(app)  # /language, lang:* buttons
    why.register(app)  # /why, why:* buttons
    chart.register(app)  # chart:* buttons: the answer's figures as a picture
    admin.register(app)  # /grant, /revoke, /roles, /allow, /disallow
    curate.register(app)  # /est, /edit, /retract, /restore, /history
    feeds.register(app)  # /feeds, /addfeed..., .opml files (before upload's catch-all for files)
    upload.register(app)  # store files from curators, /export
    pending.register(app)  # cur:* buttons: Save, Update existing, Import, Cancel
    ask.register(app)  # /ask
    why.register_fallback(app)  # any other callback data: "this button has expired"
    inline.register(app)  # @bot query
    fallbacks.register(app)  # unknown commands, stickers/photos in private chats
    errors.register(app)
    session.register(app)  # last: flows durable in the store (load at -50, save at 1000), their time-outs


def build_application(
    settings: Settings,
    store: Store,
    *,
    clock: Callable[[], datetime] | None = None,
    answerer: Answerer | None = None,
    request: BaseRequest | None = None,
    rate_limit: bool = False,
    console: bool = False,
    conversation_timeout: float | None = None,
    jobs: bool | None = None,
    updater: bool = True,
) -> Application:
    """The bot's Application. `request` swaps the transport (the console's in-memory one);
    `answerer` defaults to bot.answering.Answerer over `store`; `conversation_timeout` (seconds)
    is how long an abandoned /add or /report flow waits (default: Services'); `jobs` starts the
    feed polling and digest delivery jobs (default: on, except in the console). Tests leave them
    off and run the job functions themselves with a moved clock. `updater=False` builds it
    without PTB's Updater (webhook mode: handlers/webhook.py feeds update_queue itself)."""
    clock = clock or (lambda: datetime.now(UTC))
    if answerer is None:
        answerer = Answerer(store, clock=clock)
    protect_token(settings.token)
    builder = (
        ApplicationBuilder()
        .token(settings.token or PLACEHOLDER_TOKEN)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .context_types(ContextTypes(context=MonitorContext))
        .post_init(_post_init)
        .post_stop(_post_stop)
        # other chats go on while one waits on a slow site or an import; each chat stays in order
        .concurrent_updates(PerChatUpdateProcessor(settings.concurrent_updates))
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request).updater(None)
    else:
        builder = builder.request(BotRequest(settings.http_connections))
        if not updater:
            builder = builder.updater(None)
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter())
    app = builder.build()
    services = Services(settings=settings, store=store, answerer=answerer, clock=clock, prefs=prefs_for(store))
    if conversation_timeout is not None:
        services.conversation_timeout = conversation_timeout
    app.bot_data[SERVICES_KEY] = services
    app.bot_data["console"] = console
    register_handlers(app)
    if jobs if jobs is not None else not console:
        feeds.schedule(app, interval=settings.feed_check_interval)  # every minute: poll due feeds
        digest_delivery.schedule(app, interval=settings.digest_interval)  # every minute: send due digests
    return app


def run_polling(settings: Settings, store: Store) -> None:
    """Long polling until Ctrl-C; Telegram's rate limits respected."""
    app = build_application(settings, store, rate_limit=True)
    log.info("monitorbot: polling %s (admins: %d)", settings.api_url, len(settings.admins))
    app.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
