"""Which legacy Office file an OLE compound file is, from the streams it holds (olefile).

Word 97–2003 ``.doc`` and Kingsoft WPS ``.wps`` keep their text in a ``WordDocument``
stream (WPS writes the Word binary format), Microsoft Works ``.wps`` in ``CONTENTS``/``MN0``,
Excel ``.xls`` and Kingsoft ``.et`` in ``Workbook`` (or ``Book``).  The name on disk is not
trusted: the streams decide which converter filter reads the file.
"""
from __future__ import annotations

import io

# stream name (lower case) → kind; the first one found wins, in this order
_KINDS = (
    ("worddocument", "doc"),
    ("workbook", "xls"),
    ("book", "xls"),
    ("contents", "works"),
    ("mn0", "works"),
    ("powerpoint document", "ppt"),
    ("encryptedpackage", "encrypted"),
)


def ole_kind(data: bytes) -> str:
    """``doc``, ``xls``, ``works``, ``ppt``, ``encrypted``, ``other`` or ``damaged``."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            names = {"/".join(p).lower() for p in ole.listdir(streams=True, storages=False)}
    except Exception:  # olefile raises OSError, struct.error, IndexError… on broken files
        return "damaged"
    tops = {n.split("/")[-1] for n in names}
    for stream, kind in _KINDS:
        if stream in tops:
            return kind
    return "other"
