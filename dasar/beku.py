"""A frozen dataclass built straight from its fields' values, for readers that build tens of thousands of them
(the LRA reader's rows and codes over a kabupaten file): the same object as ``cls(**isi)`` — equal, hashable,
frozen afterwards — without the guarded ``object.__setattr__`` call per field that a frozen ``__init__`` makes
(a third of a row's cost there). ``isi`` must name every field, and nothing else; no ``__post_init__`` runs."""

from __future__ import annotations

_baru = object.__new__
_pasang = object.__setattr__


def beku(cls, isi: dict):
    obj = _baru(cls)
    _pasang(obj, "__dict__", isi)
    return obj
