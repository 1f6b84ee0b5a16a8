"""Agency names in one comparable form: what two printings of the same name share.

Mirror sites print Traditional characters (遂溪縣北坡鎮), pages insert spaces, brackets and
quotes; the comparison form is NFKC, Simplified, with whitespace and punctuation removed.
"""
from __future__ import annotations

import unicodedata

import regex

from parsers.normalize import to_simplified

_DROP = regex.compile(r"[\s\p{P}\p{S}\u200b-\u200d\u2060\ufeff]+")
_ALIAS = regex.compile(r"[（(][^（()）]*[)）]")  # 工业和信息化局（中小企业局）: a second name, not part of the first


def normalize_name(name: str | None) -> str | None:
    """Simplified, NFKC, no whitespace or punctuation, a bracketed second name dropped; None if empty."""
    if not name:
        return None
    text = to_simplified(unicodedata.normalize("NFKC", str(name)))
    text = _DROP.sub("", _ALIAS.sub("", text)) or _DROP.sub("", text)
    return text or None
