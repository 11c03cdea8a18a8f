"""`monitorbot run --webhook`: our own aiohttp server in front of the PTB Application.

POST <path> (the secret-token header checked, a repeated update_id skipped) puts the update on
the Application's queue; GET /healthz, /readyz (the store answers a trivial query) and /metrics
are for the operator. SIGTERM stops accepting, finishes the queued updates, then stops the bot.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import signal
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot import metrics
from bot.config import Settings
from bot.ids import parse_id
from bot.store import Store
from bot.store.offload import off_loop, store_answers
from bot.store.updates import Updates
from handlers.app import build_application

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SEEN_UPDATES = 10_000  # update ids remembered in this process (the fast path of dedupe)
KEEP_UPDATE_IDS = timedelta(days=1)  # in the store: Telegram gives up on an update after 24 hours
PRUNE_EVERY = timedelta(minutes=10)
DRAIN_TIMEOUT = 30.0  # seconds to finish in-flight updates at shutdown
READY_TIMEOUT = 3.0  # /readyz answers 503 within this when the database does not answer
CLAIM_TIMEOUT = 5.0  # seconds to record an update as taken before the POST fails (Telegram retries)


class SeenUpdates:
    """The most recent update ids, oldest forgotten first: `claim(id)` is True once per id."""

    def __init__(self, size: int = SEEN_UPDATES):
        self.size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    def claim(self, update_id: int) -> bool:
        if update_id in self._ids:
            return False
        self._ids[update_id] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True

    def forget(self, update_id: int) -> None:
        self._ids.pop(update_id, None)


class SharedClaims:
    """Update ids claimed in the store (table processed_update): one process of several takes each;
    old ids are pruned now and then."""

    def __init__(self, updates: Updates, clock: Callable[[], datetime] | None = None):
        self.updates = updates  # the store's updates repository (bot.store.updates)
        self.clock = clock or (lambda: datetime.now(UTC))
        self._pruned_at: datetime | None = None

    def claim(self, update_id: int) -> bool:
        now = self.clock()
        if self._pruned_at is None or now - self._pruned_at >= PRUNE_EVERY:
            self._pruned_at = now
            self.updates.prune(now - KEEP_UPDATE_IDS)
        return self.updates.claim(update_id, now)


class WebhookServer:
    """The HTTP side of webhook mode; the Application must be initialized and started."""

    def __init__(self, application: Application, settings: Settings, store: Store, *,
                 host: str | None = None, port: int | None = None):
        self.application = application
        self.settings = settings
        self.store = store
        self.host = settings.listen_host if host is None else host
        self.port = settings.listen_port if port is None else port
        self.path = settings.webhook_path
        self.seen = SeenUpdates()
        self.shared = SharedClaims(store.updates, store.db.clock)
        self.accepting = False
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    def make_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(self.path, self.telegram)
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/readyz", self.readyz)
        app.router.add_get("/metrics", self.metrics)
        return app

    async def start(self) -> None:
        # no per-request lines; a request still inside at shutdown gets this long to finish
        self._runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=10.0)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self.host, self.port)
        await self._site.start()
        self.accepting = True
        sockets = getattr(self._site._server, "sockets", None) or []  # the real port when 0 was asked
        if sockets:
            self.port = sockets[0].getsockname()[1]
        log.info("webhook server listening on %s:%s (POST %s)", self.host, self.port, self.path)

    async def stop(self, drain_timeout: float = DRAIN_TIMEOUT) -> None:
        """Stop accepting (POSTs still arriving get 503), let requests already inside put their
        update on the queue (the runner's cleanup closes the socket and waits for them), then finish
        every queued update."""
        self.accepting = False
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = self._site = None
        try:
            await asyncio.wait_for(self.application.update_queue.join(), drain_timeout)
        except TimeoutError:
            log.warning("shutdown: updates still in flight after %.0fs", drain_timeout)

    # ------------------------------------------------------------------ routes

    async def telegram(self, request: web.Request) -> web.Response:
        expected = self.settings.webhook_secret or ""
        given = request.headers.get(SECRET_HEADER, "")
        # compare_digest: no timing hint about how much of a guess was right. aiohttp hands a
        # non-ASCII header over with surrogate escapes: its bytes as they came, never a 500.
        try:
            given_bytes = given.encode("utf-8", "surrogateescape")
        except UnicodeError:
            given_bytes = b""
        if not expected or not hmac.compare_digest(given_bytes, expected.encode()):
            metrics.WEBHOOK_REJECTED.labels(reason="secret").inc()
            log.warning("webhook: request from %s without the right secret token refused", request.remote)
            return web.Response(status=403, text="forbidden")
        if not self.accepting:
            return web.Response(status=503, text="shutting down")  # Telegram retries later
        try:
            data = await request.json()
            update_id = parse_id(data["update_id"])  # an int of 64 bits at most, as the store keeps it
        except Exception:
            update_id = None
        if update_id is None:
            metrics.WEBHOOK_REJECTED.labels(reason="malformed").inc()
            return web.Response(status=400, text="not an update")
        def process_late() -> None:
            try:
                self.application.update_queue.put_nowait(Update.de_json(data, self.application.bot))
            except Exception as exc:  # noqa: BLE001 - unreadable: as below, a retry would not read better
                log.error("update %s: not a Telegram update (%s), dropped", update_id, type(exc).__name__)

        try:
            claimed = await self._claim(update_id, process_late)
        except TimeoutError:
            log.warning("update %s: the database did not answer within %ss; Telegram will retry", update_id,
                        CLAIM_TIMEOUT)
            return web.Response(status=503, text="store not answering")
        if not claimed:
            metrics.DUPLICATE_UPDATES.inc()
            log.info("update %s: repeated, skipped", update_id)
            return web.Response(text="ok")
        try:
            update = Update.de_json(data, self.application.bot)
        except Exception as exc:  # taken but unreadable: a retry would not read better
            log.error("update %s: not a Telegram update (%s), dropped", update_id, type(exc).__name__)
            return web.Response(status=400, text="not an update")
        await self.application.update_queue.put(update)
        return web.Response(text="ok")

    async def _claim(self, update_id: int, late: Callable[[], Any]) -> bool:
        """This process first (memory), then across processes (the store). A store that cannot
        answer raises: the request fails and Telegram sends the update again later.

        A store that does not answer within CLAIM_TIMEOUT raises TimeoutError (the request gets
        503), but the claim already sent may still land when the database comes back. Then the
        update is ours after all and `late()` processes it (Telegram's retry will find it
        claimed); if the claim fails, this process forgets it so the retry gets through."""
        if not self.seen.claim(update_id):
            return False
        task = asyncio.ensure_future(off_loop(self.store, self.shared.claim, update_id))
        try:
            return await asyncio.wait_for(asyncio.shield(task), CLAIM_TIMEOUT)
        except TimeoutError:
            def settled(done: asyncio.Future) -> None:
                if done.cancelled() or done.exception() is not None or not done.result():
                    self.seen.forget(update_id)
                else:
                    log.info("update %s: claimed late, when the database came back: processing it", update_id)
                    late()

            task.add_done_callback(settled)
            raise
        except Exception:
            self.seen.forget(update_id)  # not taken after all: the retry must get through
            raise

    async def healthz(self, request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def readyz(self, request: web.Request) -> web.Response:
        if not await store_answers(self.store, READY_TIMEOUT):
            log.warning("readyz: the store did not answer within %ss", READY_TIMEOUT)
            return web.Response(status=503, text="store unreachable")
        return web.Response(text="ready")

    async def metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=metrics.render(), headers={"Content-Type": metrics.CONTENT_TYPE})


async def set_webhook(application: Application, settings: Settings) -> None:
    await application.bot.set_webhook(
        url=settings.webhook_url,
        secret_token=settings.webhook_secret,
        allowed_updates=Update.ALL_TYPES,
        drop_pending_updates=settings.webhook_drop_pending,
    )


async def serve(settings: Settings, store: Store, *, application: Application | None = None,
                stop: asyncio.Event | None = None,
                on_ready: Callable[[WebhookServer], Any] | None = None,
                host: str | None = None, port: int | None = None,
                drain_timeout: float = DRAIN_TIMEOUT, handle_signals: bool = False) -> WebhookServer:
    """Run until `stop` is set (SIGTERM / SIGINT set it): start the bot, listen, setWebhook; then
    stop accepting, drain, app.stop()/shutdown(). deleteWebhook is never called: another instance
    (or the next deploy) keeps receiving. `on_ready(server)` is called once the webhook is set."""
    app = application or build_application(settings, store, rate_limit=True, updater=False)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = []
    for sig in (signal.SIGTERM, signal.SIGINT) if handle_signals else ():
        try:
            loop.add_signal_handler(sig, stop.set)
            signals.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread / platform
            pass
    server = WebhookServer(app, settings, store, host=host, port=port)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        await server.start()
        try:
            await set_webhook(app, settings)
            log.info("monitorbot: webhook set, serving on %s:%s", server.host, server.port)
            if on_ready is not None:
                on_ready(server)
            await stop.wait()
            log.info("monitorbot: stopping: finishing in-flight updates")
        finally:
            await server.stop(drain_timeout)
        await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
    finally:
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
        for sig in signals:
            loop.remove_signal_handler(sig)
    return server


def run_webhook(settings: Settings, store: Store) -> None:
    """`monitorbot run --webhook`: blocks until SIGTERM or Ctrl-C."""
    asyncio.run(serve(settings, store, handle_signals=True))
