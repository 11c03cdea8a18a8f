"""Several real `monitorbot run --webhook` processes on one PostgreSQL database and one fake Bot API:
the harness for the multi-instance tests (tests/deployment/test_instances.py) and the soak bench.

    async with Cluster(2, env={"MONITORBOT_DIGEST_INTERVAL": "1"}) as cluster:   # started, serving
        store = cluster.open_store()                 # the same database, for seeding and checks
        await cluster.post(0, {"update_id": 1, **cluster.tg.message_update("…")})
        cluster.instances[1].kill()                  # SIGKILL, no goodbye

Decisions:
- Each cluster gets a database of its own, created through the `postgres` maintenance database
  (CREATE DATABASE mb_inst_<random>) and dropped WITH (FORCE) at stop, so instances start on a
  truly empty database (no schema trick: `monitorbot run` must create everything itself). A
  `database_url` passed in is used as it is and never dropped.
- The processes are started at the same moment (gather), then awaited until each logs
  "serving on host:port" (MONITORBOT_LISTEN=127.0.0.1:0 picks free ports; the log says which).
  A process that ends before that fails start() with the tail of its log.
- stdout and stderr are one stream, read continuously into Instance.logs (a process whose pipe
  fills up would block); MONITORBOT_LOG_JSON=1 makes every line a JSON record, which errors()
  reads.
- Instance i is named inst-<i> (MONITORBOT_INSTANCE): what the `lease` table's owner column shows.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import aiohttp

from bot.store import Store
from tests.fakebotapi import FakeBotAPI, FakeTelegram
from tests.support.store import postgres_url

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "987656:AAH-several-instances-token"
SECRET = "instances-secret_1"
WEBHOOK_PATH = "/telegram"
START_TIMEOUT = 90.0  # seconds for a process to serve (migrations + starter data + setWebhook)
LOG_TAIL = 40  # lines shown when a process fails to start
_SERVING = re.compile(r"serving on ([\w.:\[\]-]+):(\d+)")
_LINE_LIMIT = 4 * 1024 * 1024  # one JSON log line may carry a long traceback


def _base_env() -> dict[str, str]:
    """This environment without the bot's own settings (a developer's shell must not leak in)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "MONITORBOT_")) and k != "DATABASE_URL"}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


class Instance:
    """One `monitorbot run --webhook` process and everything it has logged so far."""

    def __init__(self, name: str, env: dict[str, str], cwd: Path):
        self.name = name
        self.env = env
        self.cwd = cwd
        self.logs: list[str] = []
        self.port: int = 0
        self.host = "127.0.0.1"
        self.killed = False
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task | None = None
        self._serving = asyncio.Event()
        self._ended = asyncio.Event()

    # --- lifecycle ------------------------------------------------------------------------

    async def launch(self) -> None:
        """Start the process (does not wait for it to serve)."""
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "app.cli", "run", "--webhook", env=self.env, cwd=self.cwd,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, limit=_LINE_LIMIT)
        self._reader = asyncio.create_task(self._read(), name=f"{self.name}-logs")

    async def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        try:
            while raw := await self._proc.stdout.readline():
                line = raw.decode(errors="replace").rstrip("\n")
                self.logs.append(line)
                if not self._serving.is_set():
                    found = _SERVING.search(line)
                    if found:
                        self.host, self.port = found.group(1), int(found.group(2))
                        self._serving.set()
        finally:
            self._ended.set()

    async def wait_serving(self, timeout: float = START_TIMEOUT) -> None:
        """Until the process logs "serving on host:port"; AssertionError (with its log tail) when it
        ends first or takes longer than `timeout`."""
        serving = asyncio.create_task(self._serving.wait())
        ended = asyncio.create_task(self._ended.wait())
        try:
            await asyncio.wait({serving, ended}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            serving.cancel()
            ended.cancel()
        if self._serving.is_set():
            return
        if self._ended.is_set():
            code = await self._proc.wait() if self._proc else None
            raise AssertionError(f"{self.name} ended (exit {code}) before serving:\n{self.tail()}")
        raise AssertionError(f"{self.name} did not serve within {timeout:.0f}s:\n{self.tail()}")

    @property
    def pid(self) -> int:
        assert self._proc is not None, "not launched"
        return self._proc.pid

    @property
    def alive(self) -> bool:
        return self._proc is not None and not self.killed and self._proc.returncode is None \
            and not self._ended.is_set()

    def kill(self) -> None:
        """SIGKILL: no goodbye, no lease released, nothing flushed."""
        if self._proc is not None and self._proc.returncode is None:
            self.killed = True
            self._proc.send_signal(signal.SIGKILL)

    async def terminate(self, timeout: float = 30) -> int:
        """SIGTERM and wait for the exit code (SIGKILL after `timeout`, giving -9)."""
        assert self._proc is not None, "not launched"
        if self._proc.returncode is None:
            try:
                self._proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                await asyncio.wait_for(self._proc.wait(), timeout)
            except TimeoutError:
                self.kill()
        code = await self._proc.wait()
        await self._drain()
        return code

    async def _drain(self) -> None:
        """Read the log to its end (the pipe closes when the process is gone)."""
        if self._reader is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._reader), 10)
            except TimeoutError:
                self._reader.cancel()

    # --- what it did ----------------------------------------------------------------------

    def rss_bytes(self) -> int:
        """Resident memory now (VmRSS), 0 when the process is gone."""
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return 0
        found = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.M)
        return int(found.group(1)) * 1024 if found else 0

    def records(self) -> list[dict]:
        """Every JSON log record (lines that are not JSON, such as a crash before logging was set
        up, are left out; tail() shows them)."""
        out = []
        for line in self.logs:
            if line.startswith("{"):
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict):
                    out.append(record)
        return out

    def errors(self) -> list[dict]:
        """JSON log records at level ERROR or CRITICAL."""
        return [r for r in self.records() if r.get("level") in ("ERROR", "CRITICAL")]

    def logged(self, text: str) -> list[str]:
        """Log lines containing `text`."""
        return [line for line in self.logs if text in line]

    def tail(self, lines: int = LOG_TAIL) -> str:
        """The last log lines, the scheduler's "Running job" / "executed successfully" chatter left out."""
        shown = [line for line in self.logs if '"logger": "apscheduler.executors' not in line][-lines:]
        return "\n".join(f"  {self.name}| {line}" for line in shown) or f"  {self.name}| (no output)"

    def __repr__(self) -> str:
        state = "killed" if self.killed else ("alive" if self.alive else "ended")
        pid = self._proc.pid if self._proc else None
        return f"<Instance {self.name} pid={pid} port={self.port} {state}>"


class Cluster:
    """N instances of the bot on one fresh PostgreSQL database and one fake Bot API (async context
    manager: started on enter, stopped and the database dropped on exit)."""

    def __init__(self, n: int = 2, *, env: dict[str, str] | None = None, api: FakeBotAPI | None = None,
                 token: str = TOKEN, secret: str = SECRET, database_url: str | None = None):
        self.n = n
        self.extra_env = dict(env or {})
        self.api = api if api is not None else FakeBotAPI(token)
        self._started_api = False  # started here (then stopped here), whoever made it
        self.token = self.api.token
        self.secret = secret
        self.tg = FakeTelegram(self.api, timeout=60)  # builds users, chats and updates
        self.instances: list[Instance] = []
        self.own_database = database_url is None
        self.database_name = f"mb_inst_{uuid.uuid4().hex[:12]}"
        if database_url is None:
            from sqlalchemy.engine import make_url

            database_url = make_url(postgres_url()).set(database=self.database_name) \
                .render_as_string(hide_password=False)
        self.database_url: str = database_url
        self._created = False
        self._stores: list[Store] = []
        self._session: aiohttp.ClientSession | None = None
        self._tmp = Path(tempfile.mkdtemp(prefix="monitorbot-instances-"))
        self._next_update_id = 1

    # --- lifecycle ------------------------------------------------------------------------

    async def __aenter__(self) -> Cluster:
        try:
            return await self.start()
        except BaseException:
            await self.stop()
            raise

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> Cluster:
        """Start the fake API (unless it runs already), create the database (if ours), launch the N
        processes at the same moment and wait until every one serves."""
        if self.api.port is None:
            await self.api.start()
            self._started_api = True
        await asyncio.to_thread(self.create_database)
        fresh = [self._new_instance() for _ in range(self.n)]
        await asyncio.gather(*(inst.launch() for inst in fresh))
        await self._all_serving(fresh)
        return self

    async def add_instance(self, env: dict[str, str] | None = None) -> Instance:
        """One more instance (e.g. a restart after a kill), started and serving."""
        inst = self._new_instance(env)
        await inst.launch()
        await self._all_serving([inst])
        return inst

    def _new_instance(self, env: dict[str, str] | None = None) -> Instance:
        name = f"inst-{len(self.instances)}"
        cwd = self._tmp / name
        cwd.mkdir()
        full = _base_env()
        full.update(TELEGRAM_BOT_TOKEN=self.token, TELEGRAM_API_URL=self.api.api_url, DATABASE_URL=self.database_url,
                    MONITORBOT_ACCESS="open", MONITORBOT_WEBHOOK_URL="https://bot.example.org/telegram",
                    MONITORBOT_WEBHOOK_SECRET=self.secret, MONITORBOT_WEBHOOK_PATH=WEBHOOK_PATH,
                    MONITORBOT_LISTEN="127.0.0.1:0", MONITORBOT_LOG_JSON="1", MONITORBOT_INSTANCE=name)
        full.update(self.extra_env)
        full.update(env or {})
        inst = Instance(name, full, cwd)
        self.instances.append(inst)
        return inst

    async def _all_serving(self, instances: list[Instance]) -> None:
        outcomes = await asyncio.gather(*(inst.wait_serving() for inst in instances), return_exceptions=True)
        failures = [str(o) for o in outcomes if isinstance(o, BaseException)]
        if failures:
            raise AssertionError("instances failed to start:\n" + "\n".join(failures))

    async def stop(self) -> None:
        """SIGTERM every live instance and wait for it, then drop the database (if ours), stop the
        fake API (if started here) and remove the working directories. Safe to call twice."""
        await asyncio.gather(*(inst.terminate() for inst in self.instances if inst._proc is not None),
                             return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None
        for store in self._stores:
            store.close()
        self._stores.clear()
        if self.own_database and self._created:
            await asyncio.to_thread(self.drop_database)
        if self._started_api:
            await self.api.stop()
            self._started_api = False
        shutil.rmtree(self._tmp, ignore_errors=True)

    # --- the database ---------------------------------------------------------------------

    def _admin_engine(self):  # noqa: ANN202
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        admin = make_url(self.database_url).set(database="postgres")
        return create_engine(admin, isolation_level="AUTOCOMMIT")

    def create_database(self) -> None:
        """CREATE DATABASE for this cluster (once; nothing when the URL was given)."""
        if not self.own_database or self._created:
            return
        self._admin(f'CREATE DATABASE "{self.database_name}"')
        self._created = True

    def drop_database(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')
        self._created = False

    def _admin(self, statement: str) -> None:
        """One statement on the server's `postgres` database (CREATE/DROP DATABASE)."""
        from sqlalchemy import text

        engine = self._admin_engine()
        try:
            with engine.connect() as conn:
                conn.execute(text(statement))
        finally:
            engine.dispose()

    def open_store(self) -> Store:
        """The cluster's store (created and migrated if need be); closed at stop()."""
        self.create_database()
        store = Store.open(self.database_url)
        self._stores.append(store)
        return store

    def query(self, sql: str, **params: Any) -> list[Any]:
        """Rows of one SQL statement on the cluster's database (for checks on tables such as lease)."""
        from sqlalchemy import text

        store = self._stores[0] if self._stores else self.open_store()
        with store.db.engine.connect() as conn:
            return list(conn.execute(text(sql), params))

    # --- talking to the instances ---------------------------------------------------------

    def next_update_id(self) -> int:
        value = self._next_update_id
        self._next_update_id += 1
        return value

    def message(self, text: str, *, user_id: int, lang: str | None = "ru", update_id: int | None = None) -> dict:
        """A private-chat message update from `user_id`, with an update_id of its own."""
        return {"update_id": update_id if update_id is not None else self.next_update_id(),
                **self.tg.message_update(text, user_id=user_id, lang=lang)}

    async def post(self, i: int, update: dict) -> int:
        """POST an update to instance i's webhook with the secret; the HTTP status."""
        inst = self.instances[i]
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        url = f"http://{inst.host}:{inst.port}{WEBHOOK_PATH}"
        async with self._session.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": self.secret}) \
                as response:
            return response.status

    def logs(self) -> str:
        """Every instance's log tail, for assertion messages."""
        return "\n".join(inst.tail() for inst in self.instances)


__all__ = ["Cluster", "Instance", "SECRET", "TOKEN"]
