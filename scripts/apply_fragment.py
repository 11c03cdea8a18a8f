"""Apply one fragment file to the ru/kk catalogs, overwriting what they hold for its ids.

`python -m bot.i18n merge-fragments` only fills empty translations; a fragment that corrects
translations already in the catalogs (locales/fragments/readers.yaml) is applied with this:

    .venv/bin/python scripts/apply_fragment.py locales/fragments/readers.yaml
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from ruamel.yaml import YAML

from bot.i18n import DOMAIN, LOCALE_DIR


def apply(fragment: Path) -> dict[str, int]:
    entries = YAML(typ="safe").load(fragment.read_text(encoding="utf-8")) or []
    counts = {}
    for lang in ("ru", "kk"):
        po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang, domain=DOMAIN)
        n = 0
        for entry in entries:
            message, value = catalog.get(entry["id"]), entry.get(lang)
            if message is None or value in (None, "", []):
                continue
            message.string = tuple(value) if message.pluralizable else str(value)
            message.flags.discard("fuzzy")
            n += 1
        with po.open("wb") as f:
            write_po(f, catalog, width=0, omit_header=False)
        counts[lang] = n
    return counts


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(path, apply(Path(path)))
