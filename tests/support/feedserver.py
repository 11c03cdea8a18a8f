"""A feed server on 127.0.0.1 for ingestion tests: fixture feeds with ETag / Last-Modified and 304,
broken XML, a wrong encoding, a huge body, a redirect loop and a slow answer."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from aiohttp import web

from tests.support.loopback import serving

LAST_MODIFIED = "Mon, 17 Nov 2014 09:00:00 GMT"


def rss(title: str, items: list[tuple[str, str, str, str]], language: str = "en") -> str:
    """An RSS 2.0 document: items are (link, title, pubDate, description)."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{date}</pubDate>"
        f"<description><![CDATA[{desc}]]></description></item>" for link, t, date, desc in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://example.org/</link><language>{language}</language>{body}</channel></rss>")


@dataclass
class FeedServer:
    base: str
    feeds: dict[str, str] = field(default_factory=dict)  # path -> body served at /f/<path>
    etags: dict[str, str] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    conditional_hits: dict[str, int] = field(default_factory=dict)  # answered 304

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"


def _app(state: FeedServer) -> web.Application:
    async def feed(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        state.hits[name] = state.hits.get(name, 0) + 1
        body = state.feeds.get(name)
        if body is None:
            return web.Response(status=404, text="no such feed")
        etag = state.etags.setdefault(name, f'"{name}-{abs(hash(body)) % 10**8}"')
        if request.headers.get("If-None-Match") == etag or request.headers.get("If-Modified-Since") == LAST_MODIFIED \
                and name.startswith("lm"):
            state.conditional_hits[name] = state.conditional_hits.get(name, 0) + 1
            return web.Response(status=304)
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        return web.Response(text=body, content_type="application/rss+xml", headers=headers)

    async def broken(request: web.Request) -> web.Response:
        return web.Response(text='<?xml version="1.0"?><rss><channel><title>Broken<item><title>x</ti',
                            content_type="application/rss+xml")

    async def wrong_encoding(request: web.Request) -> web.Response:
        # declares UTF-8, sends windows-1251 bytes
        body = rss("Новости", [("https://news.example.kz/a1", "Около 300 казахстанцев воюют в Сирии",
                                "Mon, 17 Nov 2014 09:00:00 GMT", "Около 300 казахстанцев воюют в Сирии.")], "ru")
        return web.Response(body=body.encode("cp1251"), headers={"Content-Type": "application/rss+xml; charset=utf-8"})

    async def huge(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await resp.prepare(request)
        await resp.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>')
        chunk = b"<item><title>" + b"x" * 65536 + b"</title></item>"
        for _ in range(64):  # 4 MiB, no Content-Length
            await resp.write(chunk)
        return resp

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound("/loop2" if request.path == "/loop1" else "/loop1")

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.Response(text=rss("Slow", []), content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/f/{name}", feed)
    app.router.add_get("/broken", broken)
    app.router.add_get("/wrong-encoding", wrong_encoding)
    app.router.add_get("/huge", huge)
    app.router.add_get("/loop1", loop)
    app.router.add_get("/loop2", loop)
    app.router.add_get("/slow", slow)
    return app


@contextlib.asynccontextmanager
async def serving_feeds() -> AsyncIterator[FeedServer]:
    """The feed server on a free port of 127.0.0.1 until the block ends (the `feed_server` fixture)."""
    state = FeedServer(base="")
    async with serving(_app(state)) as base:
        state.base = base
        yield state
