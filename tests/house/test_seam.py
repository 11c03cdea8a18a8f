"""The seam between the core and the handlers: Services typed with the real classes, no
attribute guessing on our own objects, and one UserFacingError said in the person's language —
by bot.i18n.error_text, and by the handlers' one error handler when a handler lets it through."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest
from telegram import Update

from bot.config import Settings
from bot.curation.forms import FormError
from bot.errors import UserFacingError
from bot.i18n import error_text, tr
from bot.ingest.fetch import FetchError
from bot.store import ImportError_, Problem
from bot.store.subscriptions import SubscriptionError
from handlers.app import build_application
from handlers.memory_transport import MemoryBotAPI
from handlers.services import SERVICES_KEY, Services
from tests.support.fakes_core import FakeAnswerer, FakeStore, fake_render, fake_render_why

ROOT = Path(__file__).resolve().parents[2]


def test_services_are_typed_with_the_real_classes() -> None:
    loose = {name: hint for name, hint in Services.__annotations__.items() if "Any" in str(hint)}
    assert loose == {}
    assert Services.__annotations__["store"] == "Store" and Services.__annotations__["answerer"] == "Answerer"


def test_handlers_guess_no_attributes_through_getattr_chains() -> None:
    """`getattr(getattr(person, "role", None), "value", ...)` on our own records: read the field."""
    found = []
    for path in sorted((ROOT / "handlers").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                    and node.args and isinstance(node.args[0], ast.Call)
                    and isinstance(node.args[0].func, ast.Name) and node.args[0].func.id == "getattr"):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


@pytest.mark.parametrize("error, english", [
    (UserFacingError("This button has expired."), "This button has expired."),
    (UserFacingError("Added {n} feed.", n=1), "Added 1 feed."),
    (FormError("as_of", "bad_date", {"value": "2014-13"}),
     'Date: "2014-13" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD).'),
    (FetchError("timeout"), "The site did not answer in time."),
    (SubscriptionError("tz", "bad_timezone", "no such zone", value="Mars/Olympus"),
     "Mars/Olympus is not a time zone: use a name such as Asia/Almaty."),
    (ImportError_([Problem("", "place", "unknown place", "unknown_place", {"place": "XX"})]),
     "• 'place': unknown place XX."),
])
def test_every_user_facing_error_is_said_in_the_readers_language(error, english) -> None:
    assert isinstance(error, UserFacingError)
    assert error_text(error, "en") == english
    assert error_text(error, "ru") not in {"", english}


def message(text: str, lang: str) -> dict:
    user = {"id": 42, "is_bot": False, "first_name": "Analyst", "language_code": lang}
    return {"message_id": 1, "date": int(time.time()), "chat": {"id": 42, "type": "private"}, "from": user,
            "text": text}


class RefusingAnswerer(FakeAnswerer):
    def ask(self, text: str, lang: str):
        raise FetchError("timeout")


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_user_facing_error_a_handler_lets_through_is_said_not_apologised_for(lang) -> None:
    api = MemoryBotAPI()
    app = build_application(Settings(token="123456:SECRET", access="open"), FakeStore(),
                            answerer=RefusingAnswerer(), request=api)
    services = app.bot_data[SERVICES_KEY]
    services.render, services.render_why = fake_render, fake_render_why
    async with app:
        await app.process_update(Update.de_json({"update_id": 1, "message": message({"en": "fighters?", "ru": "боевики?"}[lang], lang)}, app.bot))
    sent = [params["text"] for method, params in api.calls if method == "sendMessage"]
    assert sent == [tr(lang).gettext("The site did not answer in time.")]
