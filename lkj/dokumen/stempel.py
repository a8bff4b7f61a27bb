"""Which OPD every row belongs to, so that saving or deleting it moves that OPD's data stamp.

``dokumen_siapkan`` serves a render at once when the stamp it was filed under is the
current one (``stempel_dokumen``); otherwise it rebuilds the document and compares
the SHA-256 of its HTML, as before. So the stamp must move with *every* write of
data a document prints. Three guards:

* every model of the apps below is either in ``_OPD`` or in ``_BUKAN_DATA`` — a new
  model without a decision fails ``tests/dokumen/test_stempel.py``;
* a row whose OPD cannot be found (a pemda-wide row, a parent already gone) moves the
  stamp shared by every OPD;
* services that write without signals (bulk writes, ``QuerySet.update``) move it
  themselves through ``organisasi.versi_data.naikkan_opd``;

and the stamp includes a hash of the program's own files, so a new release never
serves a file the old code printed.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

from organisasi import versi_data

APLIKASI = ("organisasi", "renja", "anggaran", "perjanjian", "lkj")

# model → the OPD of a row: "opd_id" / "pk" (an attribute of the row), None (shared by
# every OPD), or (foreign key attribute, parent model, lookup of the OPD id on the parent).
_OPD: dict[str, object] = {
    "organisasi.Pemda": None,
    "organisasi.PerangkatDaerah": "pk",
    "organisasi.Unit": "opd_id",
    "organisasi.Jabatan": None,  # an atasan or a Bupati prints in other OPDs' documents
    "organisasi.Pegawai": None,
    "organisasi.Penugasan": None,
    "organisasi.TriwulanTerkunci": "opd_id",
    "renja.Tujuan": "opd_id",
    "renja.Sasaran": ("tujuan_id", "renja.Tujuan", "opd_id"),
    "renja.Program": "opd_id",
    "renja.Kegiatan": ("program_id", "renja.Program", "opd_id"),
    "renja.SubKegiatan": ("kegiatan_id", "renja.Kegiatan", "program__opd_id"),
    "renja.Indikator": "opd_id",
    "renja.Target": ("indikator_id", "renja.Indikator", "opd_id"),
    "renja.Realisasi": ("indikator_id", "renja.Indikator", "opd_id"),
    "renja.BuktiDukung": ("indikator_id", "renja.Indikator", "opd_id"),  # without indikator: every OPD
    "renja.Aktivitas": ("kegiatan_id", "renja.Kegiatan", "program__opd_id"),
    "renja.AktivitasRealisasi": ("aktivitas_id", "renja.Aktivitas", "kegiatan__program__opd_id"),
    "renja.NilaiRenstra": ("indikator_id", "renja.Indikator", "opd_id"),
    "anggaran.LraImport": "opd_id",
    "anggaran.RealisasiAnggaran": ("lra_import_id", "anggaran.LraImport", "opd_id"),
    "perjanjian.PerjanjianKinerja": ("jabatan_id", "organisasi.Jabatan", "opd_id"),
    "perjanjian.PKVersi": ("perjanjian_id", "perjanjian.PerjanjianKinerja", "jabatan__opd_id"),
    "perjanjian.PKBaris": ("versi_id", "perjanjian.PKVersi", "perjanjian__jabatan__opd_id"),
    "perjanjian.PKAnggaran": ("versi_id", "perjanjian.PKVersi", "perjanjian__jabatan__opd_id"),
    "lkj.PredikatPita": None,
    "lkj.PengaturanPengukuran": None,
    "lkj.Narasi": "opd_id",
    "lkj.Dokumentasi": ("narasi_id", "lkj.Narasi", "opd_id"),
    "lkj.Laporan": "opd_id",
    "lkj.Transisi": ("laporan_id", "lkj.Laporan", "opd_id"),
    "lkj.Tandatangan": ("laporan_id", "lkj.Laporan", "opd_id"),
    "lkj.DokumenTertanda": ("laporan_id", "lkj.Laporan", "opd_id"),
}

# Models whose rows no document prints: the render cache itself, the stamp, the worker heartbeat and the
# audit history (simple-history's Historical* models, recognised by name).
_BUKAN_DATA = {
    "lkj.DokumenRender",
    "organisasi.VersiData",
    "lkj.DenyutPekerja",
    "organisasi.LaporanDitinjau",
}  # what a review freezes, not what a document prints


def model_data():
    """Every concrete model of the data apps with its decision (for the signal wiring and its test)."""
    for label in APLIKASI:
        for model in apps.get_app_config(label).get_models():
            yield model, _OPD.get(model._meta.label, "?")


def bukan_data(model) -> bool:
    return model._meta.label in _BUKAN_DATA or model.__name__.startswith("Historical")


def _opd_dari(model, nilai):
    """The OPD id for a row's own value of its ``_OPD`` attribute (its OPD id, or its parent's id)."""
    cara = _OPD[model._meta.label]
    if cara is None or nilai is None:
        return None
    if isinstance(cara, str):
        return nilai
    _fk, induk, jalur = cara
    return apps.get_model(induk)._base_manager.filter(pk=nilai).values_list(jalur, flat=True).first()


def _atribut(model):
    cara = _OPD[model._meta.label]
    return cara if isinstance(cara, str) else cara[0] if cara else None


def _sebelum_simpan(sender, instance, raw=False, **kwargs):
    """Remember which OPD an existing row belongs to before the save: a row moved to
    another OPD changes that OPD's documents too (moved after the save, see ``_berubah``)."""
    attr = _atribut(sender)
    if attr is None or instance.pk is None or instance._state.adding:
        return
    lama = sender._base_manager.filter(pk=instance.pk).values_list(attr, flat=True).first()
    if lama is not None and lama != getattr(instance, attr):
        instance._stempel_opd_lama = _opd_dari(sender, lama)


def _berubah(sender, instance, **kwargs):
    attr = _atribut(sender)
    versi_data.naikkan_opd(_opd_dari(sender, getattr(instance, attr)) if attr else None)
    if hasattr(instance, "_stempel_opd_lama"):
        versi_data.naikkan_opd(instance.__dict__.pop("_stempel_opd_lama"))


def _migrasi(sender, using="default", **kwargs):
    """A migration may change data without model signals: every OPD's stamp moves (if its table exists yet)."""
    from django.db import connections

    from organisasi.models import VersiData

    if sender.label == "lkj" and VersiData._meta.db_table in connections[using].introspection.table_names():
        with transaction.atomic(using=using):
            versi_data.naikkan_semua()


def sambungkan():
    """Connect the signals (``LkjConfig.ready``)."""
    for model, cara in model_data():
        if cara == "?":
            continue  # Historical* and the cache; an undecided model fails the test instead
        uid = f"lkj.stempel.{model._meta.label}"
        pre_save.connect(_sebelum_simpan, sender=model, dispatch_uid=uid + ".presave")
        post_save.connect(_berubah, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_berubah, sender=model, dispatch_uid=uid + ".delete")
    post_migrate.connect(_migrasi, dispatch_uid="lkj.stempel.migrate")


@functools.cache
def versi_program() -> str:
    """SHA-256 of the program's own files (code, templates, document stylesheet), once per process."""
    akar = Path(settings.BASE_DIR)
    h = hashlib.sha256()
    berkas = []
    for pola in (
        "dasar/**/*.py",
        "organisasi/**/*.py",
        "renja/**/*.py",
        "anggaran/**/*.py",
        "perjanjian/**/*.py",
        "lkj/**/*.py",
        "templates/**/*.html",
        "static/dokumen/**/*",
    ):
        berkas += [p for p in akar.glob(pola) if p.is_file()]
    for p in sorted(berkas):
        h.update(str(p.relative_to(akar)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def stempel_dokumen(opd_id: int) -> str:
    """The stamp a render of this OPD's documents is filed under: program version and data version."""
    return f"{versi_program()}/{versi_data.baca(opd_id)}"
