"""Fetching a report's page: guarded httpx against a local server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.ingest import fetch as fetch_module
from bot.ingest.extract import extract_article, report_from_text
from bot.ingest.fetch import FetchError, describe_fetch_error, fetch_url
from tests.support.loopback import serving

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Our People in an Alien War | Jamestown</title>
<meta property="og:title" content="'Our People in an Alien War': Kazakhstanis Fighting for the Islamic State">
<meta property="article:published_time" content="2014-11-17T09:00:00+00:00">
<meta property="og:site_name" content="Eurasia Daily Monitor"></head><body>
<nav>Home | About</nav><article><h1>'Our People in an Alien War'</h1>
<p>The Kazakhstan Institute for Strategic Studies estimates that some 250 Kazakhstanis fight for the
Islamic State in Syria and Iraq, among them women and children.</p>
<p>The figure has been disputed: other sources speak of more than 500 people, and the National Security
Committee has not published its own estimate.</p><p>Recruitment happens mostly online.</p>
</article><footer>© Jamestown</footer></body></html>"""


async def _huge(request: web.Request) -> web.StreamResponse:
    resp = web.StreamResponse(headers={"Content-Type": "text/html"})
    await resp.prepare(request)
    chunk = b"<p>" + b"x" * 65536 + b"</p>"
    for _ in range(64):  # 4 MiB, no Content-Length: the cap must count while streaming
        await resp.write(chunk)
    return resp


async def _slow(request: web.Request) -> web.Response:
    await asyncio.sleep(3)
    return web.Response(text="late", content_type="text/html")


def _async(make):  # noqa: ANN001, ANN202
    """A plain function of the request as an aiohttp handler (redirects are raised)."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = make(request)
        if isinstance(response, web.HTTPException):
            raise response
        return response

    return handler


def _app() -> web.Application:
    app = web.Application()
    app.router.add_get("/article", _async(lambda r: web.Response(text=ARTICLE, content_type="text/html")))
    app.router.add_get("/moved", _async(lambda r: web.HTTPFound("/article")))
    app.router.add_get("/loop", _async(lambda r: web.HTTPFound("/loop")))
    app.router.add_get("/to-private", _async(lambda r: web.HTTPFound("http://10.1.2.3/secret")))
    app.router.add_get("/to-ftp", _async(lambda r: web.HTTPFound("ftp://127.0.0.1/x")))
    app.router.add_get("/pdf", _async(lambda r: web.Response(body=b"%PDF-1.4", content_type="application/pdf")))
    app.router.add_get("/missing", _async(lambda r: web.Response(status=404, text="no", content_type="text/html")))
    app.router.add_get("/huge", _huge)
    app.router.add_get("/slow", _slow)
    app.router.add_get("/cp1251", _async(lambda r: web.Response(
        body="<html><head><title>Казахстан</title></head><body><p>Текст</p></body></html>".encode("cp1251"),
        headers={"Content-Type": "text/html; charset=windows-1251"})))
    return app


@pytest.fixture
async def server() -> AsyncIterator[str]:
    async with serving(_app()) as base:
        yield base


async def _code(url: str, **kwargs) -> str:
    with pytest.raises(FetchError) as err:
        await fetch_url(url, **kwargs)
    return err.value.code


async def test_a_page_is_fetched_and_its_article_extracted(server: str) -> None:
    page = await fetch_url(f"{server}/moved", allow_private=True)
    assert page.url == f"{server}/article" and page.status == 200 and page.redirects == (f"{server}/article",)
    article = extract_article(page.text, page.url)
    assert article.title.startswith("'Our People in an Alien War'")
    assert article.published == "2014-11-17" and article.language == "en"
    assert "some 250 Kazakhstanis" in article.text and "Home | About" not in article.text
    report = article.report()
    assert report["url"] == page.url and report["published"] == "2014-11-17" and report["language"] == "en"
    assert report["id"].startswith("r-")


async def test_loopback_and_private_addresses_are_refused_unless_allowed(server: str) -> None:
    assert await _code(f"{server}/article") == "private_address"
    assert await _code("http://localhost:9/") == "private_address"
    for address in ("http://10.0.0.1/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data",
                    "http://[::1]/", "http://224.0.0.1/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/"):
        assert await _code(address) == "private_address", address


async def test_every_redirect_is_checked_again(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # let 127.0.0.1 pass as "public" so that only the redirect's target is judged
    real = fetch_module._is_public
    monkeypatch.setattr(fetch_module, "_is_public", lambda a: a == "127.0.0.1" or real(a))
    assert (await fetch_url(f"{server}/article")).status == 200
    assert await _code(f"{server}/to-private") == "private_address"
    assert await _code(f"{server}/to-ftp") == "bad_scheme"


@pytest.mark.parametrize(("path", "code"), [
    ("/loop", "too_many_redirects"), ("/huge", "too_large"), ("/pdf", "not_html"), ("/missing", "http_status")])
async def test_bad_pages_get_a_clear_error(server: str, path: str, code: str) -> None:
    assert await _code(f"{server}{path}", allow_private=True) == code


async def test_a_slow_site_times_out(server: str) -> None:
    assert await _code(f"{server}/slow", allow_private=True, timeout=0.5) == "timeout"


async def test_only_http_and_https(server: str) -> None:
    for url in ("ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "gopher://x"):
        assert await _code(url, allow_private=True) == "bad_scheme", url


async def test_a_declared_charset_is_honoured(server: str) -> None:
    page = await fetch_url(f"{server}/cp1251", allow_private=True)
    assert "Казахстан" in page.text and extract_article(page.text, page.url).title == "Казахстан"


def test_fetch_errors_are_described() -> None:
    assert describe_fetch_error(FetchError("too_large"), "en") == "The page is larger than 2 MiB; it was not fetched."
    assert "error 404 (page not found)" in describe_fetch_error(FetchError("http_status", {"status": 404}), "en")
    for code in fetch_module.MESSAGES:
        assert describe_fetch_error(FetchError(code), "ru")


def test_a_pasted_message_becomes_a_report() -> None:
    article = report_from_text("Қазақстанда 150 адам сотталды\nБүгін сот шешім шығарды. https://kaz.tengrinews.kz/a.")
    assert article.title == "Қазақстанда 150 адам сотталды" and article.language == "kk"
    assert article.url == "https://kaz.tengrinews.kz/a"
    assert article.report()["title"] == {"kk": "Қазақстанда 150 адам сотталды"}
