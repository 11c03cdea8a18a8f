"""The Docker image recipe, the compose file and the container health check, without an engine.

The Dockerfile is parsed: what it copies exists, the runtime user is not root, catalogs are
compiled, a health check runs bot.healthcheck; the package data the app reads at run time is in
the wheel (pyproject package-data). The compose file is checked for what an operator relies on
and, where docker-compose is installed, by `docker-compose config`.
"""

from __future__ import annotations

import fnmatch
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from bot.healthcheck import check, check_http, check_store, probe_address

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"


# --- Dockerfile -----------------------------------------------------------------------------

def instructions(path: Path = DOCKER / "Dockerfile") -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs: comments dropped, continuation lines joined."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        word, _, rest = line.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def stages() -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for word, rest in instructions():
        if word == "FROM":
            result.append([])
        result[-1].append((word, rest))
    return result


def copy_args(rest: str) -> tuple[dict[str, str], list[str], str]:
    flags, paths = {}, []
    for token in rest.split():
        if token.startswith("--"):
            key, _, value = token[2:].partition("=")
            flags[key] = value
        else:
            paths.append(token)
    return flags, paths[:-1], paths[-1]


def test_multi_stage_and_every_copy_source_exists() -> None:
    all_stages = stages()
    assert len(all_stages) >= 2, "build stage + runtime stage"
    assert all_stages[0][0][1].endswith("AS build")
    copied = []
    for stage in all_stages:
        for word, rest in stage:
            if word != "COPY":
                continue
            flags, sources, _dest = copy_args(rest)
            if "from" in flags:
                continue
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: not in the repository (context is the root)"
                copied.append(source.rstrip("/"))
    # what `pip install .` needs: the project file, its readme, both packages, the catalogs
    assert {"pyproject.toml", "README.md", "bot", "handlers", "app", "locales"} <= set(copied)


def test_runtime_copies_only_what_the_build_stage_made() -> None:
    build, runtime = stages()[0], stages()[-1]
    build_text = " ".join(rest for _, rest in build)
    for word, rest in runtime:
        if word == "COPY":
            flags, sources, _ = copy_args(rest)
            assert flags.get("from") == "build", f"runtime COPY without --from=build: {rest}"
            for source in sources:
                top = "/" + source.strip("/").split("/")[0]
                assert top in build_text, f"{source}: the build stage never makes it"


def test_runs_as_non_root_user() -> None:
    users = [rest for word, rest in stages()[-1] if word == "USER"]
    assert users, "the runtime stage sets no USER: it would run as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    # the user exists: created with that uid in the same stage
    runs = " ".join(rest for word, rest in stages()[-1] if word == "RUN")
    assert f"--uid {user}" in runs or f"useradd {user}" in runs or f" {user}" in runs


def test_catalogs_compiled_at_build_and_found_at_run_time() -> None:
    build_runs = " ".join(rest for word, rest in stages()[0] if word == "RUN")
    assert "python -m bot.i18n compile" in build_runs
    assert "MONITORBOT_LOCALE_DIR=/src/locales" in build_runs
    assert "rm -f locales/*/LC_MESSAGES/*.mo" in build_runs  # never ship stale .mo from the context
    runtime = stages()[-1]
    env = " ".join(rest for word, rest in runtime if word == "ENV")
    assert "MONITORBOT_LOCALE_DIR=/app/locales" in env
    assert any(word == "COPY" and rest.split()[-1] == "/app/locales" and "/src/locales" in rest
               for word, rest in runtime)


def test_health_check_runs_the_healthcheck_module() -> None:
    checks = [rest for word, rest in stages()[-1] if word == "HEALTHCHECK"]
    assert len(checks) == 1
    assert '"python", "-m", "bot.healthcheck"' in checks[0]
    assert "--timeout=" in checks[0] and "--start-period=" in checks[0]
    entry = [rest for word, rest in stages()[-1] if word == "ENTRYPOINT"]
    assert entry == ['["monitorbot"]']  # `docker run IMAGE export -` works like the CLI


def test_dockerignore_lets_every_copied_path_through() -> None:
    ignore = (DOCKER / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    rules = [line.strip() for line in ignore if line.strip() and not line.startswith("#")]
    assert rules[0] == "*"  # everything out, then what the image needs back in
    allowed = {rule[1:].rstrip("/") for rule in rules if rule.startswith("!")}
    for stage in stages():
        for word, rest in stage:
            if word == "COPY" and "--from" not in rest:
                for source in copy_args(rest)[1]:
                    assert source.rstrip("/") in allowed, f"{source} is excluded by Dockerfile.dockerignore"


def test_package_data_holds_every_file_the_app_reads() -> None:
    """The image installs a wheel: a data file outside package-data would be missing at run time."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = project["tool"]["setuptools"]["package-data"]["bot"]
    authoring_only = {"store/migrations/script.py.mako"}  # used by `alembic revision`, not upgrade
    data_files = [p.relative_to(ROOT / "bot").as_posix() for p in (ROOT / "bot").rglob("*")
                  if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts]
    assert "data/starter.yaml" in data_files and "understanding/data/aliases.yaml" in data_files
    for name in data_files:
        if name in authoring_only:
            continue
        assert any(fnmatch.fnmatch(name, g) for g in globs), f"bot/{name} is not in package-data"
    # migrations are .py files in a directory without __init__.py: package-data must name them
    for version in (ROOT / "bot" / "store" / "migrations" / "versions").glob("*.py"):
        assert any(fnmatch.fnmatch(version.relative_to(ROOT / "bot").as_posix(), g) for g in globs)
    handler_data = [p for p in (ROOT / "handlers").rglob("*")
                    if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts]
    assert handler_data == [], "handlers/ has data files that no package-data rule ships"
    assert project["project"]["scripts"]["monitorbot"] == "app.cli:main"


# --- compose ------------------------------------------------------------------------------

def compose() -> dict:
    return YAML(typ="safe").load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))


def env_example() -> dict[str, str]:
    out = {}
    for line in (DOCKER / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def test_compose_runs_migrations_before_the_bot() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "migrate", "bot"}
    pg = services["postgres"]
    assert pg["image"] == "postgres:15"
    assert "pg_isready" in " ".join(pg["healthcheck"]["test"])
    assert any(v.startswith("pgdata:") for v in pg["volumes"]) and "pgdata" in compose()["volumes"]
    migrate, bot = services["migrate"], services["bot"]
    assert migrate["command"] == ["db", "upgrade"]
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert bot["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert migrate["image"] == bot["image"] and migrate["build"]["dockerfile"] == "docker/Dockerfile"
    assert migrate["build"]["context"] == ".."
    assert bot["restart"] == "unless-stopped"
    assert bot["healthcheck"]["test"] == ["CMD", "python", "-m", "bot.healthcheck"]
    assert any(str(p).endswith(":8080") for p in bot["ports"])


def test_compose_bot_environment() -> None:
    bot = compose()["services"]["bot"]
    env = bot["environment"]
    for name in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL", "MONITORBOT_ADMINS", "MONITORBOT_WEBHOOK_URL",
                 "MONITORBOT_WEBHOOK_SECRET", "MONITORBOT_LISTEN"):
        assert name in env, name
    assert env["DATABASE_URL"].startswith("postgresql+psycopg://monitorbot:")
    assert env["DATABASE_URL"].endswith("@postgres:5432/monitorbot")
    assert env["MONITORBOT_LISTEN"] == "0.0.0.0:8080"
    assert "run --webhook" in bot["command"]


def test_env_example_sets_every_required_variable() -> None:
    import re

    text = (DOCKER / "compose.yaml").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{(\w+):\?", text))
    assert {"TELEGRAM_BOT_TOKEN", "POSTGRES_PASSWORD"} <= required
    example = env_example()
    for name in required:
        assert example.get(name), f"{name} is required by compose.yaml but empty in .env.example"
    for name in set(re.findall(r"\$\{(\w+)", text)):
        assert name in example, f"{name} is used by compose.yaml but not described in .env.example"


COMPOSE = shutil.which("docker-compose")


@pytest.mark.skipif(COMPOSE is None, reason="docker-compose not installed (.ci/run installs it)")
def test_docker_compose_config_accepts_the_file() -> None:
    cmd = [COMPOSE, "-f", str(DOCKER / "compose.yaml"), "--env-file", str(DOCKER / ".env.example"), "config"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    rendered = YAML(typ="safe").load(done.stdout)
    assert rendered["services"]["bot"]["command"] in ("run --webhook", ["run", "--webhook"])
    assert (rendered["services"]["bot"]["environment"]["DATABASE_URL"]
            == "postgresql+psycopg://monitorbot:change-me-to-a-long-random-string@postgres:5432/monitorbot")


@pytest.mark.skipif(COMPOSE is None, reason="docker-compose not installed (.ci/run installs it)")
def test_docker_compose_config_names_a_missing_token(tmp_path: Path) -> None:
    env = tmp_path / "partial.env"
    env.write_text("POSTGRES_PASSWORD=x\n", encoding="utf-8")
    cmd = [COMPOSE, "-f", str(DOCKER / "compose.yaml"), "--env-file", str(env), "config", "-q"]
    clean = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path, env=clean)
    assert done.returncode != 0
    assert "set TELEGRAM_BOT_TOKEN in docker/.env" in done.stderr


# --- health check ---------------------------------------------------------------------------

@pytest.mark.parametrize(("listen", "expected"), [
    ("0.0.0.0:8080", ("127.0.0.1", 8080)),
    (":9000", ("127.0.0.1", 9000)),
    ("[::]:8081", ("::1", 8081)),
    ("10.0.0.5:8080", ("10.0.0.5", 8080)),
])
def test_probe_address(listen: str, expected: tuple[str, int]) -> None:
    assert probe_address(listen) == expected


def test_probe_address_rejects_a_listen_value_without_a_port() -> None:
    with pytest.raises(ValueError, match="MONITORBOT_LISTEN"):
        probe_address("localhost")


@pytest.fixture
def health_server() -> Iterator[tuple[int, dict]]:
    """A loopback HTTP server whose /healthz answers state["status"]."""
    state = {"status": 200, "paths": []}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            state["paths"].append(self.path)
            self.send_response(state["status"] if self.path == "/healthz" else 404)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], state
    finally:
        server.shutdown()
        server.server_close()


def test_webhook_mode_healthy_when_healthz_answers_200(health_server: tuple[int, dict]) -> None:
    port, state = health_server
    healthy, reason = check({"MONITORBOT_WEBHOOK_URL": "https://bot.example.org/telegram",
                             "MONITORBOT_LISTEN": f"0.0.0.0:{port}"})
    assert healthy and reason == f"http://127.0.0.1:{port}/healthz: HTTP 200"
    assert state["paths"] == ["/healthz"]


def test_webhook_mode_unhealthy_on_an_error_status(health_server: tuple[int, dict]) -> None:
    port, state = health_server
    state["status"] = 503
    assert check_http(f"127.0.0.1:{port}") == (False, f"http://127.0.0.1:{port}/healthz: HTTP 503")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_webhook_mode_unhealthy_when_nothing_listens() -> None:
    port = free_port()
    healthy, reason = check({"MONITORBOT_WEBHOOK_URL": "https://x.example/telegram",
                             "MONITORBOT_LISTEN": f"127.0.0.1:{port}"})
    assert not healthy and reason.startswith(f"http://127.0.0.1:{port}/healthz: no answer")


def test_polling_mode_checks_the_store(database_url: str) -> None:
    from bot.store import Store

    Store.open(database_url).close()  # the bot made (and migrated) its database at start
    healthy, reason = check({"DATABASE_URL": database_url})
    assert healthy and reason.endswith(": reachable")


def test_polling_mode_sqlite_file_not_created_by_the_check(tmp_path: Path) -> None:
    db = tmp_path / "missing.db"
    healthy, reason = check({"DATABASE_URL": f"sqlite:///{db}"})
    assert not healthy and "no database file yet" in reason
    assert not db.exists()


def test_unreachable_postgres_is_unhealthy_and_the_password_is_not_shown() -> None:
    url = f"postgresql+psycopg://monitorbot:s3cret-pw@127.0.0.1:{free_port()}/monitorbot?connect_timeout=2"
    healthy, reason = check_store(url)
    assert not healthy and "unreachable" in reason
    assert "s3cret-pw" not in reason and "***" in reason


def test_python_m_bot_healthcheck_exit_codes(tmp_path: Path) -> None:
    from bot.store import Store

    url = f"sqlite:///{tmp_path / 'bot.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITORBOT_WEBHOOK")}
    run = [sys.executable, "-m", "bot.healthcheck"]
    missing = subprocess.run(run, env={**env, "DATABASE_URL": url}, capture_output=True, text=True,
                             timeout=60, cwd=ROOT)
    assert missing.returncode == 1 and missing.stderr.startswith("unhealthy: ")
    Store.open(url).close()
    ok = subprocess.run(run, env={**env, "DATABASE_URL": url}, capture_output=True, text=True,
                        timeout=60, cwd=ROOT)
    assert ok.returncode == 0 and ok.stdout.startswith("healthy: ")
