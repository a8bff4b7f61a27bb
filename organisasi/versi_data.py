"""The data stamp (``VersiData``): move it forward with every write, read it before reading the data.

Model saves and deletes move it through signals (``lkj.dokumen.stempel`` knows which
OPD every model row belongs to). A service that writes without model signals
(``bulk_create``, ``bulk_update``, ``QuerySet.update``) calls ``naikkan_opd`` itself.

The counter is moved inside the writer's transaction, so it commits with the data.
A reader reads the stamp *before* the data: if a write lands in between, the reader
files what it built under the old stamp, which nobody asks for again — it can never
file old data under the new stamp. Once per transaction (and per savepoint) is enough, until
the stamp is read again in that transaction: the mark is an ``on_commit`` callback,
which Django drops when its savepoint or the transaction rolls back (so a rolled-back
move is made again by the next write), and a read of the stamp marks it as seen (so a
write after the read moves the stamp again).
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from organisasi.models import VersiData

SEMUA = "semua"


class _Tanda:
    """The on_commit mark 'this key was moved in the current transaction'. Does nothing when run."""

    __slots__ = ("kunci", "dibaca")

    def __init__(self, kunci):
        self.kunci = kunci
        self.dibaca = False  # the stamp was read after this move: the next write must move it again

    def __call__(self):
        pass


def _tanda(kunci_kunci) -> list[_Tanda]:
    if not connection.in_atomic_block:
        return []
    return [f for _sids, f, *_ in connection.run_on_commit if isinstance(f, _Tanda) and f.kunci in kunci_kunci]


def _sudah_dinaikkan(kunci: str) -> bool:
    return any(not t.dibaca for t in _tanda((kunci,)))


def naikkan(kunci: str) -> None:
    if _sudah_dinaikkan(kunci):
        return
    if not VersiData.objects.filter(kunci=kunci).update(nomor=F("nomor") + 1):
        try:
            with transaction.atomic():
                VersiData.objects.create(kunci=kunci, nomor=1)
        except IntegrityError:  # created meanwhile by another writer
            VersiData.objects.filter(kunci=kunci).update(nomor=F("nomor") + 1)
    if connection.in_atomic_block:
        transaction.on_commit(_Tanda(kunci))


def naikkan_opd(opd_id: int | None) -> None:
    """The OPD's data changed (None: not known which OPD — every OPD's stamp moves)."""
    naikkan(f"opd:{opd_id}" if opd_id is not None else SEMUA)


def naikkan_semua() -> None:
    naikkan(SEMUA)


def baca(opd_id: int) -> str:
    """The OPD's current stamp (one query): token and number of the shared and of the OPD's counter."""
    kunci = f"opd:{opd_id}"
    for t in _tanda((SEMUA, kunci)):  # a write after this read, in this same transaction, moves it again
        t.dibaca = True
    baris = {
        k: f"{token}.{nomor}"
        for k, token, nomor in VersiData.objects.filter(kunci__in=[SEMUA, kunci]).values_list("kunci", "token", "nomor")
    }
    return f"{baris.get(SEMUA, '-')}/{baris.get(kunci, '-')}"
