"""fetch_url (one web page) and fetch_feed (a feed, by conditional request) over http(s) with httpx,
guarded — never private, loopback, link-local, multicast or reserved addresses (unless allowed),
redirects re-checked (at most 5), a timeout, a size cap (streamed), HTML or XML only.
Errors are FetchError with a code.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

MAX_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = 10.0
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "application/rss+xml",
                  "application/atom+xml")
USER_AGENT = "monitorbot/0.1 (+report ingestion)"
# Feeds are served under many types in the wild (text/plain, text/html from misconfigured sites)
FEED_TYPES = (*ACCEPTED_TYPES, "application/rdf+xml", "application/x-rss+xml", "text/plain")
FEED_ACCEPT = "application/atom+xml,application/rss+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"


def N_(message: str) -> str:
    return message


MESSAGES = {
    "bad_scheme": N_("Only http:// and https:// links can be fetched."),
    "bad_url": N_("That is not a web address."),
    "private_address": N_("That address is on a private or local network; it is not fetched."),
    "unresolvable": N_("The site's name could not be found."),
    "too_large": N_("The page is larger than {limit} MiB; it was not fetched."),
    "timeout": N_("The site did not answer in time."),
    "too_many_redirects": N_("The link redirects too many times."),
    "http_status": N_("The site answered with an error ({status})."),
    "not_html": N_("The link is not a web page (it is {content_type})."),
    "network": N_("The site could not be reached."),
}


@dataclass
class FetchError(Exception):
    """Why a page was not fetched: `code` (see MESSAGES) and its details."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code}: {self.params}"


def describe_fetch_error(err: FetchError, lang: str) -> str:
    from bot.i18n import tr

    params = {"limit": MAX_BYTES // (1024 * 1024), "status": "", "content_type": "", **err.params}
    try:
        return tr(lang).gettext(MESSAGES.get(err.code, MESSAGES["network"])).format(**params)
    except (KeyError, IndexError, ValueError):
        return err.code


@dataclass(frozen=True)
class FetchedPage:
    url: str  # the final address, after redirects
    status: int
    content_type: str
    text: str  # decoded
    encoding: str | None = None
    redirects: tuple[str, ...] = ()


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified or not ip.is_global)


async def _check_address(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError("bad_scheme", {"scheme": parts.scheme})
    host = parts.hostname
    if not host:
        raise FetchError("bad_url", {"url": url})
    if allow_private:
        return
    try:
        ipaddress.ip_address(host)
        addresses = [host]
    except ValueError:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                           type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise FetchError("unresolvable", {"host": host}) from None
        addresses = sorted({info[4][0] for info in infos})
    # every address the name resolves to must be public: one private answer is enough to refuse
    if not addresses or not all(_is_public(a.split("%")[0]) for a in addresses):
        raise FetchError("private_address", {"host": host})


async def fetch_url(url: str, *, allow_private: bool = False, timeout: float = TIMEOUT,
                    max_bytes: int = MAX_BYTES, max_redirects: int = MAX_REDIRECTS,
                    transport: httpx.AsyncBaseTransport | None = None) -> FetchedPage:
    """Fetch one HTML/XML page; raises FetchError (bad_scheme, private_address, too_large,
    timeout, too_many_redirects, http_status, not_html, ...)."""
    raw = await _get(url, accept="text/html,application/xhtml+xml,*/*;q=0.5", types=ACCEPTED_TYPES,
                     allow_private=allow_private, timeout=timeout, max_bytes=max_bytes,
                     max_redirects=max_redirects, transport=transport)
    return FetchedPage(url=raw.url, status=raw.status, content_type=raw.content_type,
                       text=_decode(raw.body, raw.encoding), encoding=raw.encoding, redirects=raw.redirects)


@dataclass(frozen=True)
class FetchedFeed:
    """A feed's bytes (feedparser works out their encoding) or, with status 304, nothing new."""

    url: str  # the final address, after redirects
    status: int  # 200, or 304 (not modified since the ETag / Last-Modified we sent)
    content_type: str
    body: bytes
    etag: str | None = None  # the validators to send next time
    last_modified: str | None = None
    encoding: str | None = None  # as the server declared it
    redirects: tuple[str, ...] = ()

    @property
    def not_modified(self) -> bool:
        return self.status == 304


async def fetch_feed(url: str, *, etag: str | None = None, last_modified: str | None = None,
                     allow_private: bool = False, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
                     max_redirects: int = MAX_REDIRECTS,
                     transport: httpx.AsyncBaseTransport | None = None) -> FetchedFeed:
    """A conditional GET of an RSS/Atom feed (If-None-Match / If-Modified-Since), with the same
    guards as fetch_url; a 304 comes back as FetchedFeed(status=304, body=b"")."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    raw = await _get(url, accept=FEED_ACCEPT, types=FEED_TYPES, allow_private=allow_private, timeout=timeout,
                     max_bytes=max_bytes, max_redirects=max_redirects, transport=transport,
                     extra_headers=headers)
    return FetchedFeed(url=raw.url, status=raw.status, content_type=raw.content_type, body=raw.body,
                       etag=raw.headers.get("etag") or (etag if raw.status == 304 else None),
                       last_modified=raw.headers.get("last-modified") or (last_modified if raw.status == 304 else None),
                       encoding=raw.encoding, redirects=raw.redirects)


@dataclass(frozen=True)
class _Raw:
    url: str
    status: int
    content_type: str
    body: bytes
    encoding: str | None
    headers: dict[str, str]
    redirects: tuple[str, ...]


async def _get(url: str, *, accept: str, types: tuple[str, ...], allow_private: bool, timeout: float,
               max_bytes: int, max_redirects: int, transport: httpx.AsyncBaseTransport | None,
               extra_headers: dict[str, str] | None = None) -> _Raw:
    """The guarded GET both fetchers share: addresses checked on every hop, body streamed under a cap."""
    url = url.strip()
    redirects: list[str] = []
    try:
        async with asyncio.timeout(timeout), httpx.AsyncClient(
                follow_redirects=False, timeout=timeout, transport=transport, trust_env=False,
                headers={"User-Agent": USER_AGENT, "Accept": accept}) as client:
            while True:
                await _check_address(url, allow_private)
                async with client.stream("GET", url, headers=extra_headers or None) as response:
                    headers = {k.lower(): v for k, v in response.headers.items()}
                    if response.status_code == 304 and extra_headers:  # conditional: nothing new
                        return _Raw(url=str(response.url), status=304, content_type="", body=b"", encoding=None,
                                    headers=headers, redirects=tuple(redirects))
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError("http_status", {"status": response.status_code})
                        if len(redirects) >= max_redirects:
                            raise FetchError("too_many_redirects", {"limit": max_redirects})
                        url = urljoin(str(response.url), location)
                        redirects.append(url)
                        continue
                    if response.status_code >= 400:
                        raise FetchError("http_status", {"status": response.status_code})
                    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if ctype not in types:
                        raise FetchError("not_html", {"content_type": ctype or "unknown"})
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError("too_large", {"bytes": int(declared)})
                    body = bytearray()
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            raise FetchError("too_large", {"bytes": len(body)})
                    return _Raw(url=str(response.url), status=response.status_code, content_type=ctype,
                                body=bytes(body), encoding=response.charset_encoding, headers=headers,
                                redirects=tuple(redirects))
    except TimeoutError:
        raise FetchError("timeout", {"seconds": timeout}) from None
    except httpx.TimeoutException:
        raise FetchError("timeout", {"seconds": timeout}) from None
    except httpx.UnsupportedProtocol:
        raise FetchError("bad_scheme", {"url": url}) from None
    except httpx.InvalidURL:
        raise FetchError("bad_url", {"url": url}) from None
    except httpx.HTTPError as exc:
        raise FetchError("network", {"error": type(exc).__name__}) from None


def _decode(body: bytes, encoding: str | None) -> str:
    for candidate in (encoding, "utf-8", "cp1251"):
        if not candidate:
            continue
        try:
            return body.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("utf-8", errors="replace")
