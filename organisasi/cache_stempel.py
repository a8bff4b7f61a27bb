"""What a process computed from an OPD's stored data, kept under the OPD's data stamp (``organisasi.versi_data``).

Every write of data an OPD's documents or pages show moves the OPD's stamp (the quarter lock's guard,
the printed rows' signals and bulk writes; the shared part of every stamp for the organisation's rows,
whose holders and signing tree cross OPDs) under a token drawn anew each time, so a stamp names one
state of the data, and a result filed under the current stamps of the OPDs it was computed from is the
result for the data now. Nothing is ever invalidated: a moved stamp simply misses and the oldest entries
fall out (an LRU whose size a setting gives; 0 turns it off).

Not consulted inside ``kunci.sekaligus()``, where an import's writes move the stamps only at the block's
end, nor before any write has given the OPD a stamp, nor inside :func:`segar`: the acts a signature rests
on (submitting, approving, signing, the "what changed since submission" check) read the stored data
itself, so even a change typed into the database console below every writer — which moves no stamp — is
seen there. One flag for every cache: inside ``segar()`` none of them answers. The stamp is read before
the data, so a write landing in between files newer results under the older stamp, which nobody asks
again once that write has committed. The entries are shared by the requests of one process: callers read
them, never change them.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections import OrderedDict

from django.conf import settings
from django.db import connection

from organisasi import kunci, versi_data

_segar = contextvars.ContextVar("cache_stempel_segar", default=False)


@contextlib.contextmanager
def segar():
    """Inside: every cache of this module computes from the stored data, neither reading nor keeping entries."""
    token = _segar.set(True)
    try:
        yield
    finally:
        _segar.reset(token)


class CacheStempel:
    """An LRU of results keyed on (database, OPDs, what else the result depends on, the OPDs' stamps)."""

    def __init__(self, setting: str):
        self._setting = setting  # the setting that gives the number of entries (0: off)
        self._isi: OrderedDict = OrderedDict()
        self._kunci = threading.Lock()
        self.kena = self.luput = 0

    def segar(self):
        """The module's :func:`segar` (every cache, not only this one)."""
        return segar()

    def ambil(self, opd_id: int, tahun: int, triwulan: int, buat):
        return self.ambil_untuk([opd_id], (tahun, triwulan), buat)

    def ambil_untuk(self, opd_ids, kunci_lain: tuple, buat):
        """``buat()``, or what it returned before under the current stamps of ``opd_ids``: for a result that
        depends only on those OPDs' stored data and on ``kunci_lain`` (the quarter, the day, the pegawai)."""
        ukuran = getattr(settings, self._setting)
        opd_ids = tuple(sorted(set(opd_ids)))
        stempel = self.stempel(opd_ids)
        if stempel is None:
            return buat()
        k = (connection.alias, connection.settings_dict["NAME"], opd_ids, kunci_lain, stempel)
        with self._kunci:
            u = self._isi.get(k)
            if u is not None:
                self._isi.move_to_end(k)
                self.kena += 1
                return u
        u = buat()
        with self._kunci:
            self.luput += 1
            self._isi[k] = u
            while len(self._isi) > ukuran:
                self._isi.popitem(last=False)
        return u

    def stempel(self, opd_ids) -> tuple[str, ...] | None:
        """The stamps of ``opd_ids`` this cache files under (one query), or None where it does not answer: turned
        off, no OPD, inside ``segar()`` or an import's block, or an OPD no write has stamped yet."""
        if not getattr(settings, self._setting) or not opd_ids or _segar.get() or kunci.dalam_sekaligus():
            return None
        stempel = tuple(versi_data.baca_banyak(sorted(set(opd_ids))).values())
        return None if any("-" in s.split("/") for s in stempel) else stempel

    def kosongkan(self) -> None:
        with self._kunci:
            self._isi.clear()
            self.kena = self.luput = 0
