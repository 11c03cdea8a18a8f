"""The question's words as the person wrote them, for replies that echo them.

Understanding works on folded forms («детей» -> «детеи», «әйелдер» -> «аиелдер»: й→и, ә→а ...);
a reply that quoted those would read as a typo of the bot's. Each echoed word is mapped back to
the span of the question it came from. Display only: nothing here changes what is answered.
"""

from __future__ import annotations

from bot.answering.index import fold_term
from bot.understanding.kazakh import fold as kazakh_fold
from bot.understanding.text import Token, folded_form, tokenise


def _keys(word: str) -> set[str]:
    """The forms a word of the question may have been turned into on its way to the answer."""
    lower = word.lower()
    return {lower, folded_form(lower), kazakh_fold(fold_term(lower))}


def _match(word: str, tokens: list[Token]) -> Token | None:
    keys = _keys(word)
    for tok in tokens:
        if tok.folded in keys or _keys(tok.text) & keys:
            return tok
    return None


def as_written(words: list[str], *texts: str | None) -> list[str]:
    """`words` (folded or normalised words of the question) in the spelling of `texts`, the
    question first; a phrase maps word by word; a word not found is kept as it is."""
    tokens = [tok for text in texts if text for tok in tokenise(text[:1000])]
    out: list[str] = []
    for word in words:
        parts = word.split()
        spelled = []
        for part in parts:
            tok = _match(part, tokens)
            spelled.append(tok.text if tok is not None else part)
        written = " ".join(spelled) if parts else word
        if written not in out:
            out.append(written)
    return out
