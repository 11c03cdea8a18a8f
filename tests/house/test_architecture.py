"""The import graph keeps the layers (README "Layout"):

    bot/store  <-  bot/understanding, answering, curation, ingest, digests, i18n  <-  handlers/  <-  app/

- no import circle between modules (imports inside functions count: a lazy import is still a
  dependency, it only hides the circle until run time);
- nothing under bot/store imports from above it (bot.* outside bot.store), but for the leaf
  modules allowed below, each justified and each importing nothing of bot/ itself;
- the core (bot/) imports neither telegram nor handlers/ nor app/; handlers/ do not import app/.

The graph is read with `ast` from the source files, so it sees every import statement, whether
or not it runs in a test. The checks are also run on small made-up trees, to show each one fails
on what it is meant to catch.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
SUPPORT_DIRS = {"support", "fakebotapi", "data", "questions"}  # code and data the tests share
PACKAGES = ("bot", "handlers", "app")

# Modules of bot/ that bot/store may import: leaves (they import nothing of bot/), so no
# dependency on an upper layer can come in through them.
STORE_MAY_IMPORT = {
    # the one rule for ids typed by outsiders (ASCII digits, int64): the store checks feed ids
    # with it, the handlers everything else; standard library only
    "bot.ids",
    # the registry of languages (codes the store accepts for labels, subscriptions, people);
    # its language modules import only the registry itself
    "bot.languages",
    # UserFacingError, the base the store's errors share with the core's (said by bot.i18n)
    "bot.errors",
}
# Single upward imports still to be moved, each with the step that moves it.
STORE_UPWARD_EXCEPTIONS: set[tuple[str, str]] = set()  # none left (problem texts live in bot/curation)
# Circles known and accepted, listed exactly (a new one, or one that grows, fails; one broken must
# leave the list). The handlers' two were broken (handlers/addressing.py, menus.everyday_menu).
KNOWN_CIRCLES: set[frozenset[str]] = set()


# --- the graph ----------------------------------------------------------------------------

def modules(root: Path, packages: Iterable[str]) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of the packages."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imported_names(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every module named by an import statement anywhere in the file (functions included).
    `from pkg import sub` names pkg.sub when that is a module, else pkg."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                out.add(sub if sub in known else source)
    return out


def owner(name: str, known: dict[str, Path]) -> str | None:
    """The module of ours a dotted name belongs to (bot.store.api.Store -> bot.store.api)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(root: Path = ROOT, packages: Iterable[str] = PACKAGES) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(our module -> our modules it imports, our module -> every name it imports)."""
    known = modules(root, packages)
    raw = {name: imported_names(name, path, known) for name, path in known.items()}
    ours = {name: {o for n in names if (o := owner(n, known)) and o != name} for name, names in raw.items()}
    return ours, raw


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in graph:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(frozenset(component))
    return found


def upward_from_store(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    def allowed(target: str) -> bool:
        return any(target == leaf or target.startswith(leaf + ".") for leaf in STORE_MAY_IMPORT)

    return sorted((name, target) for name, targets in graph.items() if name.startswith("bot.store")
                  for target in targets
                  if not target.startswith("bot.store") and target.startswith("bot")
                  and not allowed(target) and (name, target) not in STORE_UPWARD_EXCEPTIONS)


def shell_in_core(raw: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports of telegram, handlers or app from bot/, and of app from handlers/."""
    forbidden = {"bot": ("telegram", "handlers", "app"), "handlers": ("app",)}
    return sorted((name, target) for name, targets in raw.items() for target in targets
                  if target.split(".")[0] in forbidden.get(name.split(".")[0], ()))


# --- the project --------------------------------------------------------------------------

def test_no_import_circle_but_the_known_ones() -> None:
    graph, _ = import_graph()
    found = set(circles(graph))
    new = [sorted(c) for c in found - KNOWN_CIRCLES]
    assert not new, f"import circles: {new}"
    gone = [sorted(c) for c in KNOWN_CIRCLES - found]
    assert not gone, f"these circles are gone (or changed): take them out of KNOWN_CIRCLES: {gone}"
    assert all(m.startswith("handlers.") for c in KNOWN_CIRCLES for m in c), "the core has none"


def test_store_imports_nothing_above_it() -> None:
    graph, _ = import_graph()
    assert upward_from_store(graph) == []
    for leaf in STORE_MAY_IMPORT:  # the allowed ones really are leaves (with their submodules)
        for name in (n for n in graph if n == leaf or n.startswith(leaf + ".")):
            above = {t for t in graph[name] if t.startswith("bot") and not (t == leaf or t.startswith(leaf + "."))}
            assert not above, f"{name} imports {above}: {leaf} is no longer a leaf"
    for name, target in STORE_UPWARD_EXCEPTIONS:  # and the exceptions still exist
        assert target in graph[name], f"{name} no longer imports {target}: drop the exception"


def test_core_is_telegram_free_and_knows_no_shell() -> None:
    _, raw = import_graph()
    assert shell_in_core(raw) == []


def test_the_graph_sees_lazy_imports() -> None:
    """The walk finds imports inside functions (app/cli.py imports the handlers lazily)."""
    graph, raw = import_graph()
    assert "handlers.webhook" in graph["app.cli"]
    assert "telegram" in {n.split(".")[0] for n in raw["handlers.app"]}
    assert "bot.store.rows" in graph["bot.store.api"]


# --- the checks catch what they must ------------------------------------------------------

def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path):
    def make(files: dict[str, str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        base = {"bot/__init__.py": "", "bot/store/__init__.py": "", "handlers/__init__.py": ""}
        write_tree(tmp_path, {**base, **files})
        return import_graph(tmp_path, ("bot", "handlers"))
    return make


def test_a_circle_is_caught_even_through_a_function_level_import(tree) -> None:
    graph, _ = tree({
        "bot/a.py": "from bot.b import thing\n",
        "bot/b.py": "def thing():\n    from bot import c\n",
        "bot/c.py": "import bot.a\n",
        "bot/d.py": "from bot.a import thing\n",
    })
    assert circles(graph) == [frozenset({"bot.a", "bot.b", "bot.c"})]


def test_importing_a_submodule_or_the_parent_package_is_no_circle(tree) -> None:
    graph, _ = tree({
        "bot/store/api.py": "from bot.store import rows\n",
        "bot/store/rows.py": "x = 1\n",
    })
    assert circles(graph) == []
    assert graph["bot.store.api"] == {"bot.store.rows"}


def test_an_upward_import_from_the_store_is_caught(tree) -> None:
    graph, _ = tree({
        "bot/store/subs.py": "def due():\n    from bot.digests.schedule import next_due\n",
        "bot/store/feeds.py": "from bot.ids import parse_id\nfrom .subs import due\n",
        "bot/digests/__init__.py": "", "bot/digests/schedule.py": "",
        "bot/ids.py": "",
    })
    assert upward_from_store(graph) == [("bot.store.subs", "bot.digests.schedule")]


def test_telegram_in_the_core_is_caught(tree) -> None:
    _, raw = tree({
        "bot/console.py": "def run():\n    from telegram import Update\n",
        "bot/cli.py": "import handlers.app\n",
        "handlers/app.py": "import telegram\n",
    })
    assert shell_in_core(raw) == [("bot.cli", "handlers.app"), ("bot.console", "telegram")]


# --- knowledge defined once ---------------------------------------------------------------

def _trees() -> dict[str, ast.AST]:
    return {name: ast.parse(path.read_text(encoding="utf-8"))
            for name, path in modules(ROOT, PACKAGES).items()}


def test_n_underscore_is_defined_once_in_i18n() -> None:
    defined = sorted(name for name, tree in _trees().items() for node in ast.walk(tree)
                     if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "N_")
    assert defined == ["bot.i18n"]


def test_the_list_of_languages_is_written_only_in_the_registry() -> None:
    """No literal tuple, list or set of exactly the registry's codes outside bot/languages/:
    every such list reads bot.languages.CODES instead. (Word tables keyed by language, in
    bot/understanding/ and bot/answering/, are the registry's next step: README "Layout".)"""
    from bot.languages import CODES

    codes = set(CODES)

    def literal_codes(node: ast.AST) -> set[str] | None:
        if not isinstance(node, ast.Tuple | ast.List | ast.Set):
            return None
        items = node.elts
        if items and all(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items):
            return {i.value for i in items}  # type: ignore[union-attr]
        return None

    # a migration is history: it keeps the languages there were when it was written
    found = sorted(f"{name}:{node.lineno}" for name, tree in _trees().items()
                   if not name.startswith(("bot.languages", "bot.store.migrations.versions"))
                   for node in ast.walk(tree) if literal_codes(node) == codes)
    assert found == [], f"the languages listed again (read bot.languages.CODES): {found}"


def test_no_test_module_imports_another() -> None:
    """Shared test code lives in tests/support/, tests/fakebotapi/ and the conftest.py files, never
    in a test module that another module of tests/ imports."""
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or "", *(f"{node.module or ''}.{a.name}" for a in node.names)] \
                if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            found += [f"{path.relative_to(TESTS)} imports {n}" for n in names if n.split(".")[-1].startswith("test_")]
    assert found == []


def test_every_test_module_lives_in_the_directory_of_what_it_tests() -> None:
    """tests/<area>/test_*.py (tests/store/, tests/e2e/...), none flat in tests/ nor among the support
    code; every area is a package, so two areas may hold modules of the same name."""
    misplaced = sorted(path.relative_to(TESTS).as_posix() for path in TESTS.rglob("test_*.py")
                       if len(path.relative_to(TESTS).parts) != 2
                       or path.parent.name in SUPPORT_DIRS
                       or not (path.parent / "__init__.py").is_file())
    assert misplaced == []


# --- the store: repositories over one database ----------------------------------------------

STORE_REPOSITORIES = {"entries", "people", "feeds", "candidates", "subscriptions", "leases", "context", "flows",
                      "updates"}
STORE_OPERATIONS = {"open", "close", "generation"}  # the whole store's; everything else is a repository's
STOREISH = re.compile(r"^_?(\w+_)?store\d*$")


def test_the_store_is_its_repositories_and_three_whole_store_operations() -> None:
    """Store only composes: a new operation goes into a repository, not onto Store."""
    from bot.store import Store

    store = Store.open("sqlite://")
    try:
        assert {n for n in dir(Store) if not n.startswith("_")} == STORE_OPERATIONS
        assert set(vars(store)) == STORE_REPOSITORIES | {"db"}
    finally:
        store.close()


def store_attributes(trees: dict[str, ast.AST]) -> list[str]:
    """`<...>store.<name>` (store, self.store, services.store, chat_store, ...) naming neither a
    repository, nor the database, nor an operation of the whole store."""
    allowed = STORE_REPOSITORIES | STORE_OPERATIONS | {"db"}
    found = []
    for name, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or node.attr in allowed:
                continue
            owner_text = ast.unparse(node.value)
            if STOREISH.match(owner_text.rsplit(".", 1)[-1]) and not owner_text.startswith("bot."):
                found.append(f"{name}:{node.lineno}: {owner_text}.{node.attr}")
    return found


def test_the_store_is_reached_through_its_repositories() -> None:
    trees = {str(path.relative_to(ROOT)): ast.parse(path.read_text(encoding="utf-8"))
             for package in (*PACKAGES, "tests", "bench") for path in sorted((ROOT / package).rglob("*.py"))}
    assert store_attributes(trees) == []


def test_a_method_called_on_the_store_itself_is_caught() -> None:
    tree = ast.parse("store.entries.get('estimate', 'x')\nservices.store.lookup(5)\nchat_store.db.engine\n")
    assert store_attributes({"m": tree}) == ["m:2: services.store.lookup"]
