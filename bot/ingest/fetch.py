"""fetch_url (one web page) and fetch_feed (a feed, by conditional request) over http(s) with httpx,
guarded — never private, loopback, link-local, multicast or reserved addresses (unless allowed),
nor IPv6 addresses that lead to IPv4 ones or to a site (6to4, NAT64, Teredo, site-local),
redirects re-checked (at most 5), a timeout, a size cap (streamed), HTML or XML only. The
connection goes to the very address that was checked (_PinnedBackend): the name is not resolved
a second time, so a resolver that answers public-then-loopback (DNS rebinding) gets nowhere.

The cap counts the bytes as they arrive AND as they are decompressed: bodies are read raw and
decoded here, by zlib with a bound on every call's output, so a compressed body (even gzip inside
gzip: `Content-Encoding: gzip, gzip`) never grows past the cap in memory. Only gzip and deflate
are asked for and read, at most MAX_ENCODINGS layers; anything else is refused.
Errors are FetchError with a code.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from bot.errors import UserFacingError
from bot.i18n import N_, tr, wording_of
from bot.store.validate import is_web_address

MAX_BYTES = 2 * 1024 * 1024
MAX_ENCODINGS = 2  # "gzip" or "gzip, gzip" at most: a third layer is no page, it is a bomb
DECODE_STEP = 64 * 1024  # at most this many bytes come out of one decompressor call
ACCEPT_ENCODING = "gzip, deflate"  # what _Decoder reads (httpx would offer br/zstd when installed)
MAX_REDIRECTS = 5
TIMEOUT = 10.0
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "application/rss+xml",
                  "application/atom+xml")
USER_AGENT = "monitorbot/0.1 (+report ingestion)"
# Feeds are served under many types in the wild (text/plain, text/html from misconfigured sites)
FEED_TYPES = (*ACCEPTED_TYPES, "application/rdf+xml", "application/x-rss+xml", "text/plain")
FEED_ACCEPT = "application/atom+xml,application/rss+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"



MESSAGES = {
    "bad_scheme": N_("Only http:// and https:// links can be fetched."),
    "bad_url": N_("That is not a web address."),
    "private_address": N_("That address is on a private or local network; it is not fetched."),
    "unresolvable": N_("The site's name could not be found."),
    "too_large": N_("The page is larger than {limit} MiB; it was not fetched."),
    "timeout": N_("The site did not answer in time."),
    "too_many_redirects": N_("The link redirects too many times."),
    "http_status": N_("The site answered with error {status} ({meaning})."),
    "not_html": N_("The link is not a web page (it is {content_type})."),
    "network": N_("The site could not be reached."),
    "bad_encoding": N_("The site sent the page compressed in a way I do not read ({encoding}); it was not fetched."),
}


@dataclass
class FetchError(UserFacingError):
    """Why a page was not fetched: `code` (see MESSAGES) and its details."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def msgid(self) -> str:  # type: ignore[override]
        return MESSAGES.get(self.code, MESSAGES["network"])

    def __str__(self) -> str:
        return f"{self.code}: {self.params}"


# what an HTTP error status means to a curator (the code alone says little)
HTTP_MEANINGS = {
    400: N_("the site refused the request"), 401: N_("a login is required"), 403: N_("access is forbidden"),
    404: N_("page not found"), 410: N_("the page was removed"), 429: N_("too many requests; try later"),
    500: N_("the site's server failed"), 502: N_("the site's server failed"), 503: N_("the site is unavailable"),
    504: N_("the site's server did not answer in time"),
}


def http_meaning(status: Any, lang: str) -> str:
    t = tr(lang)
    try:
        code = int(status)
    except (TypeError, ValueError):
        return t.gettext("an error")
    if code in HTTP_MEANINGS:
        return t.gettext(HTTP_MEANINGS[code])
    return t.gettext("the site's server failed") if code >= 500 else t.gettext("the site refused the request")


@wording_of(FetchError)
def describe_fetch_error(err: FetchError, lang: str) -> str:
    params = {"limit": MAX_BYTES // (1024 * 1024), "status": "", "content_type": "", "encoding": "",
              **err.params}
    if err.code == "http_status":
        params["meaning"] = http_meaning(params.get("status"), lang)
    try:
        return tr(lang).gettext(err.msgid).format(**params)
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


# IPv6 ranges that carry or reach another address, or a site's own network, whatever Python's
# `is_global` says of them in this version: refused outright.
_REFUSED_V6 = tuple(ipaddress.IPv6Network(n) for n in (
    "2002::/16",  # 6to4: an IPv4 address inside (2002:7f00:1:: is 127.0.0.1), reached through a relay
    "64:ff9b::/96", "64:ff9b:1::/48",  # NAT64: the translator connects to the IPv4 address inside
    "2001::/32",  # Teredo: a tunnel to the IPv4 address inside
    "fec0::/10",  # site-local (deprecated, still routed inside some sites)
    "::/96",  # IPv4-compatible (deprecated): ::127.0.0.1
))


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.is_site_local or any(ip in net for net in _REFUSED_V6):
            return False
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified or not ip.is_global)


async def _check_address(url: str, allow_private: bool) -> tuple[str, str] | None:
    """Refuse what may not be fetched; returns (host, the checked address to connect to), or
    None when private addresses are allowed (nothing is checked, nothing pinned)."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
    except ValueError:  # "http://[::1", NFKC tricks: urllib refuses to take it apart
        raise FetchError("bad_url", {"url": url[:200]}) from None
    if scheme not in ("http", "https"):
        raise FetchError("bad_scheme", {"scheme": parts.scheme[:20]})
    if not is_web_address(url):  # no host, a port out of range, spaces or control characters
        raise FetchError("bad_url", {"url": url[:200]})
    host = parts.hostname
    if not host:
        raise FetchError("bad_url", {"url": url[:200]})
    if allow_private:
        return None
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
        addresses = list(dict.fromkeys(info[4][0] for info in infos))  # the resolver's order
    # every address the name resolves to must be public: one private answer is enough to refuse
    if not addresses or not all(_is_public(a.split("%")[0]) for a in addresses):
        raise FetchError("private_address", {"host": host})
    return host, addresses[0]


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend that connects only to addresses the guard checked: a host is
    never resolved again (a resolver answering public-then-loopback, DNS rebinding, cannot move
    the connection). The URL keeps its host, so the Host header and TLS SNI are the site's."""

    def __init__(self) -> None:
        self.pins: dict[str, str] = {}
        self._real = httpcore.AnyIOBackend()

    def pin(self, host: str, address: str) -> None:
        self.pins[host.lower()] = address
        for encode in (_idna_2008, _idna_2003):  # httpx sends an IDN host as punycode
            try:
                self.pins[encode(host).lower()] = address
            except (UnicodeError, ValueError, ImportError):
                pass

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None, socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        address = self.pins.get(host.strip("[]").lower())
        if address is None:
            raise httpcore.ConnectError(f"{host} was not checked by the guard")
        return await self._real.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                            socket_options=socket_options)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._real.sleep(seconds)


def _idna_2003(host: str) -> str:
    return host.encode("idna").decode("ascii")


def _idna_2008(host: str) -> str:
    import idna

    return idna.encode(host, uts46=True).decode("ascii")


def _pinned_transport(backend: _PinnedBackend) -> httpx.AsyncHTTPTransport:
    """httpx's own transport over a pool that connects through `backend` (httpx has no public
    hook for the network backend, so the pool it made is replaced by an equal one that has it)."""
    transport = httpx.AsyncHTTPTransport(trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                                   network_backend=backend)
    return transport


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
    pinned = _PinnedBackend() if transport is None and not allow_private else None
    if pinned is not None:
        transport = _pinned_transport(pinned)
    try:
        async with asyncio.timeout(timeout), httpx.AsyncClient(
                follow_redirects=False, timeout=timeout, transport=transport, trust_env=False,
                headers={"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": ACCEPT_ENCODING}) as client:
            while True:
                checked = await _check_address(url, allow_private)
                if pinned is not None and checked is not None:
                    pinned.pin(*checked)
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
                    declared = (response.headers.get("content-length") or "").strip()
                    if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError("too_large", {"bytes": int(declared)})
                    decoder = _Decoder(response.headers.get_list("content-encoding", split_commas=True),
                                       max_bytes)
                    body = bytearray()
                    received = 0
                    async for chunk in response.aiter_raw():  # as sent: decoded by _Decoder, bounded
                        received += len(chunk)
                        if received > max_bytes:
                            raise FetchError("too_large", {"bytes": received})
                        body += decoder.feed(chunk)
                        if len(body) > max_bytes:
                            raise FetchError("too_large", {"bytes": len(body)})
                    body += decoder.flush()
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
    except ValueError:  # a redirect to an address urllib cannot take apart
        raise FetchError("bad_url", {"url": url[:200]}) from None


class _Decoder:
    """Content-Encoding undone with bounded memory: every layer is a zlib decompressobj asked for
    at most DECODE_STEP bytes per call, and no layer may put out more than `limit` bytes in all
    (FetchError too_large). Encodings are listed in the order they were applied, so undone from
    the last. Unknown encodings, or more than MAX_ENCODINGS layers: FetchError bad_encoding."""

    def __init__(self, encodings: list[str], limit: int):
        names = [e.strip().lower() for e in encodings if e.strip() and e.strip().lower() != "identity"]
        if len(names) > MAX_ENCODINGS or any(n not in ("gzip", "x-gzip", "deflate") for n in names):
            raise FetchError("bad_encoding", {"encoding": ", ".join(names)[:80]})
        self.limit = limit
        self.names = list(reversed(names))
        self.layers = [self._layer(n) for n in self.names]
        self.out = [0] * len(self.layers)
        self.started = [False] * len(self.layers)

    @staticmethod
    def _layer(name: str):  # noqa: ANN205
        # gzip: with its header (32 also takes a zlib header); deflate: zlib-wrapped, raw on failure
        return zlib.decompressobj(zlib.MAX_WBITS | 32 if name != "deflate" else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> bytes:
        return self._feed(0, data)

    def flush(self) -> bytes:
        """What the layers still hold once the body has ended."""
        return self._feed(0, b"", final=True)

    def _feed(self, i: int, data: bytes, final: bool = False) -> bytes:
        if i == len(self.layers):
            return data
        out = bytearray()
        layer = self.layers[i]
        while True:
            if layer.eof:  # trailing bytes after the stream's end are ignored (as browsers do)
                break
            try:
                piece = layer.decompress(data, DECODE_STEP)
            except zlib.error:
                if self.names[i] == "deflate" and not self.started[i]:  # raw deflate, no zlib header
                    self.layers[i] = layer = zlib.decompressobj(-zlib.MAX_WBITS)
                    self.started[i] = True
                    continue
                raise FetchError("bad_encoding", {"encoding": self.names[i]}) from None
            self.started[i] = True
            data = layer.unconsumed_tail
            self.out[i] += len(piece)
            if self.out[i] > self.limit:
                raise FetchError("too_large", {"bytes": self.out[i]})
            if piece:
                out += self._feed(i + 1, piece)
            if not data and len(piece) < DECODE_STEP:
                break
        if final:  # the body ended: this layer's last bytes, then the next layer's end
            tail = layer.flush()
            self.out[i] += len(tail)
            if self.out[i] > self.limit:
                raise FetchError("too_large", {"bytes": self.out[i]})
            out += self._feed(i + 1, tail, final=True)
        return bytes(out)


def _decode(body: bytes, encoding: str | None) -> str:
    for candidate in (encoding, "utf-8", "cp1251"):
        if not candidate:
            continue
        try:
            return body.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("utf-8", errors="replace")
