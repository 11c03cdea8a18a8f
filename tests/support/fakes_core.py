"""A stand-in core (answerer, store, render, language detection) for handler tests that
must not depend on the real store or understanding."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field


@dataclass
class FakeAnswer:
    kind: str
    lang: str
    html: str
    used: list = field(default_factory=list)

    @property
    def has_figures(self) -> bool:
        return any(k == "estimate" for k, _ in self.used)


class FakeAnswerer:
    """Answers "fighters" questions with the KISI figure; anything else: no data."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []
        self.lines = 0  # >0: a reply of that many lines

    def warm_up(self) -> None:
        """Nothing to build (the real Answerer loads its tables and builds its index here)."""

    def ask(self, text: str, lang: str) -> FakeAnswer:
        self.asked.append((text, lang))
        if "boom" in text:
            raise RuntimeError("the core failed")
        if self.lines:
            body = "\n".join(f"<b>{i}</b> line of a very long answer" for i in range(self.lines))
            return FakeAnswer("figures", lang, body, [("estimate", "kz-is-fighters-2014-kisi")])
        if re.search(r"fighters|боевик|содыр|fight", text, re.I):
            estimator = {"en": "KISI", "ru": "КИСИ", "kk": "ҚСЗИ"}[lang]
            return FakeAnswer("figures", lang, f"<b>250</b> — {estimator}, 2014",
                              [("estimate", "kz-is-fighters-2014-kisi"), ("estimate", "kg-is-fighters-2014-kisi")])
        return FakeAnswer("no_data", lang, f"no data: {html.escape(text)}")

    def answer_by_ids(self, refs: list[str]) -> FakeAnswer:
        return FakeAnswer("sources", "en", "by ids", [tuple(r.split(":", 1)) for r in refs])


class FakeEntries:
    ids = {"kz-is-fighters-2014-kisi", "kg-is-fighters-2014-kisi"}

    def get(self, kind: str, ident: str):
        return object() if ident in self.ids else None


class FakePeople:
    def role(self, user_id: int) -> None:  # nobody has a stored role (the admins come from Settings)
        return None


class FakeStore:
    """A stand-in with the two repositories the console and the handlers' tests touch."""

    def __init__(self) -> None:
        self.entries = FakeEntries()
        self.people = FakePeople()


def fake_render(answer: FakeAnswer, lang: str, fmt: str = "html") -> str:
    return answer.html if fmt == "html" else re.sub(r"<[^>]+>", "", answer.html)


def fake_render_why(answer: FakeAnswer, lang: str, fmt: str = "html") -> str:
    return "WHY " + ", ".join(i for _, i in answer.used)


def fake_detect(text: str | None) -> str | None:
    if not text:
        return None
    if re.search(r"[әғқңөұүһі]", text, re.I):
        return "kk"
    if re.search(r"[а-яё]", text, re.I):
        return "ru"
    return "en" if re.search(r"[a-z]", text, re.I) else None
