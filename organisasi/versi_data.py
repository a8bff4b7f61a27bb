"""The data stamp (``VersiData``): a counter per OPD that moves with every write of data a document prints.

The document cache serves a stored render while its OPD's stamp is the one it was filed under
(``lkj.dokumen.stempel``). The stamp moves in the writer's own transaction, after the row is
written, so it commits (or rolls back) with the data; a reader reads the stamp *before* the data,
so a write landing in between files the reader's build under the old stamp, which nobody asks for
again — old data is never filed under the new stamp.

Who moves it — one rule per kind of row, no list to keep in step:

* a row a quarter's figures come from (``organisasi.kunci.DataTriwulan``): the guard every write
  passes for the signed-quarter check moves the stamps of the OPDs that write touches (signals and
  the QuerySet's bulk writes alike);
* a printed row outside the quarter lock (``organisasi.models.DataTercetak``: master data, the
  review's records): the signals connected here, for the OPD it answers (``opd_tercetak``; None
  moves the stamp every OPD shares), and the OPD it answered before a save that moved it; its
  QuerySet's bulk writes send ``tercetak_massal`` with the rows before and after;
* a migration: every stamp (``lkj.dokumen.stempel``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save

from organisasi.models import DataTercetak, VersiData, _token_baru, tercetak_massal

SEMUA = "semua"


def _kunci(opd_id: int | None) -> str:
    return f"opd:{opd_id}" if opd_id is not None else SEMUA


def naikkan_untuk(opd_ids: Iterable[int | None]) -> None:
    """Move the stamp of each OPD (None: the one every OPD shares). One query, plus one per new counter.

    Each move draws a new token too, so a stamp names one state of the data for good: a write rolled
    back (a preview, a refused import) returns the counter to an earlier number, and the next write
    reaches that number again with other data — under another token. A cache keyed on the stamp
    (documents, ``lkj.selectors.pengukuran_opd``) can therefore never serve a state that was undone."""
    kunci = sorted({_kunci(o) for o in opd_ids})
    if not kunci:
        return
    ada = VersiData.objects.filter(kunci__in=kunci).update(nomor=F("nomor") + 1, token=_token_baru())
    if ada == len(kunci):
        return
    for k in set(kunci) - set(VersiData.objects.filter(kunci__in=kunci).values_list("kunci", flat=True)):
        try:
            with transaction.atomic():
                VersiData.objects.create(kunci=k, nomor=1)
        except IntegrityError:  # created meanwhile by another writer
            VersiData.objects.filter(kunci=k).update(nomor=F("nomor") + 1, token=_token_baru())


def naikkan_opd(opd_id: int | None) -> None:
    """The OPD's data changed (None: not known which OPD — every OPD's stamp moves)."""
    naikkan_untuk([opd_id])


def naikkan_semua() -> None:
    naikkan_untuk([None])


def baca(opd_id: int) -> str:
    """The OPD's current stamp (one query): token and number of the shared and of the OPD's counter."""
    return baca_banyak([opd_id])[opd_id]


def baca_banyak(opd_ids: Iterable[int]) -> dict[int, str]:
    """The current stamp of each OPD, {opd_id: stamp}, in one query whatever their number (a pemda's recap)."""
    opd_ids = list(opd_ids)
    baris = {
        k: f"{token}.{nomor}"
        for k, token, nomor in VersiData.objects.filter(kunci__in=[SEMUA, *map(_kunci, opd_ids)]).values_list("kunci", "token", "nomor")
    }
    semua = baris.get(SEMUA, "-")
    return {o: f"{semua}/{baris.get(_kunci(o), '-')}" for o in opd_ids}


# --- printed rows outside the quarter lock ---------------------------------------------------


def _opd(obj) -> int | None:
    try:
        return obj.opd_tercetak()
    except ObjectDoesNotExist:  # a parent already gone (a cascade) or not yet there (loaddata): every OPD
        return None


def _sebelum_simpan(sender, instance, raw=False, **kwargs):
    """Remember the OPD an existing row answered before the save: a row moved to another OPD changes both."""
    if instance.pk is None or instance._state.adding:
        return
    lama = sender._base_manager.filter(pk=instance.pk).first()
    if lama is not None:
        instance._opd_tercetak_lama = _opd(lama)


def _sesudah(sender, instance, **kwargs):
    opd_ids = [_opd(instance)]
    if "_opd_tercetak_lama" in instance.__dict__:
        opd_ids.append(instance.__dict__.pop("_opd_tercetak_lama"))
    naikkan_untuk(opd_ids)


def _massal(sender, objs, **kwargs):
    """A bulk write of printed rows (``organisasi.models.TercetakQuerySet``): the OPDs of the rows before and after."""
    naikkan_untuk({_opd(o) for o in objs})


def model_tercetak():
    return [m for m in apps.get_models() if issubclass(m, DataTercetak)]


def sambungkan():
    """Connect the signals of every ``DataTercetak`` model (``OrganisasiConfig.ready``)."""
    for model in model_tercetak():
        uid = f"organisasi.versi_data.{model._meta.label}"
        pre_save.connect(_sebelum_simpan, sender=model, dispatch_uid=uid + ".presave")
        post_save.connect(_sesudah, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_sesudah, sender=model, dispatch_uid=uid + ".delete")
    tercetak_massal.connect(_massal, dispatch_uid="organisasi.versi_data.massal")
