"""Asal angka: a computed figure opened to the inputs it came from.

The explanation itself is made where the figure is made (``dasar.pengukuran``'s ``*_asal`` rules,
called by ``lkj.selectors.pengukuran_opd`` and ``lkj.e81``): this module only writes it out — as
JSON for ``manage.py e81 --format json --asal`` (``docs/asal.schema.json``) — and completes the
source records with what the measurement does not load (who saved a row and when, the evidence
files), in a fixed number of queries, only when an explanation is asked for.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model

from dasar import pengukuran as ukur
from dasar.pengukuran import Asal, Sumber
from lkj.e81 import ANGKA_BARIS, LaporanE81
from lkj.entri.selectors import nama_pengguna
from renja.models import AktivitasRealisasi, BuktiDukung, Indikator

SKEMA = "docs/asal.schema.json"


def nilai_json(nilai) -> str | None:
    """A Decimal exactly as computed, in plain notation ("76.44444444444444444444444444", never "1E+2")."""
    if nilai is None:
        return None
    if isinstance(nilai, Decimal):
        return format(nilai, "f")
    return str(nilai)


class Penulis:
    """Writes explanations as JSON: a figure already written whole elsewhere in the document is named
    (``lihat``), not repeated; every source record is collected once into ``sumber``."""

    def __init__(self):
        self.lihat: dict[int, dict] = {}
        self.sumber: dict[str, Sumber] = {}

    def nama(self, asal: Asal | None, ref: dict):
        if asal is not None:
            self.lihat.setdefault(id(asal), ref)

    def asal(self, a: Asal) -> dict:
        d = {"rumus": a.rumus, "hasil": nilai_json(a.hasil)}
        if a.keterangan:
            d["keterangan"] = a.keterangan
        d["operand"] = [self.operand(o) for o in a.operand]
        return d

    def operand(self, o: ukur.Operand) -> dict:
        d = {"nama": o.nama, "nilai": nilai_json(o.nilai)}
        if o.label:
            d["label"] = o.label
        if not o.dipakai:
            d["dipakai"] = False
        if o.sumber:
            d["sumber"] = []
            for s in o.sumber:
                self.sumber.setdefault(s.kunci, s)
                d["sumber"].append({"model": s.model, "id": s.pk, "versi": s.versi})
        if o.asal is not None:
            ref = self.lihat.get(id(o.asal))
            if ref is not None:
                d["lihat"] = ref
            else:
                d["asal"] = self.asal(o.asal)
        return d


def e81_json(laporan: LaporanE81, tahun: int, triwulan: int) -> dict:
    """``LaporanE81.as_json`` with every figure's explanation: per row ``ref`` and ``asal`` (figure → how it was
    made), ``asal`` of the rata-rata and its predikat, the formulas, and the source records once each."""
    data = laporan.as_json()
    tulis = Penulis()
    # A sum shared by rows (a kegiatan with one sub kegiatan has its sub kegiatan's pagu) is named by
    # the lowest row, where its lines are.
    for r in reversed(laporan.rows):
        for angka in ANGKA_BARIS:
            tulis.nama(r.asal.get(angka), {"baris": r.ref, "angka": angka})
    tulis.nama(laporan.asal_rata_rata, {"angka": "rata_rata_capaian"})
    # Each figure is written whole at its own place; an operand made by another figure names it.
    for r, j in zip(laporan.rows, data["rows"]):
        j["ref"] = r.ref
        j["asal"] = {angka: tulis.asal(r.asal[angka]) for angka in ANGKA_BARIS if angka in r.asal}
    data["asal"] = {"rata_rata_capaian": tulis.asal(laporan.asal_rata_rata), "predikat": tulis.asal(laporan.asal_predikat)}
    data["rumus"] = dict(ukur.RUMUS)
    data["sumber"] = lengkapi_sumber(tulis.sumber.values(), tahun, triwulan)
    data["skema"] = SKEMA
    return data


def lengkapi_sumber(sumber, tahun: int, triwulan: int) -> dict[str, dict]:
    """Each source record as a reader needs it: what the measurement carried (``rincian``) plus who saved it
    and when (names, not ids; an aktivitas count's time from its history) and, for a realisation, the
    evidence files of its quarter. Four queries whatever the number of records."""
    sumber = list(sumber)
    hasil = {s.kunci: {"model": s.model, "id": s.pk, "versi": s.versi, **dict(s.rincian)} for s in sumber}

    ar_ids = [s.pk for s in sumber if s.model == "renja.AktivitasRealisasi"]
    terakhir = {}
    if ar_ids:
        for h in (
            AktivitasRealisasi.history.filter(id__in=ar_ids)
            .select_related("history_user__pegawai")
            .order_by("id", "history_date", "history_id")
        ):
            terakhir[h.id] = h  # the last one per row wins
    for s in sumber:
        if s.model == "renja.AktivitasRealisasi" and s.pk in terakhir:
            h = terakhir[s.pk]
            hasil[s.kunci]["diubah_pada"] = h.history_date.isoformat()
            hasil[s.kunci]["diubah_oleh"] = nama_pengguna(h.history_user)

    user_ids = {v for d in hasil.values() for k, v in d.items() if k.endswith("_oleh_id") and v}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids).select_related("pegawai")} if user_ids else {}
    for d in hasil.values():
        for k in [k for k in d if k.endswith("_oleh_id")]:
            if d[k] is not None:
                d[k[: -len("_id")]] = nama_pengguna(users.get(d[k]))

    # Evidence: a typed realisation's of its indicator, an aktivitas count's of its kegiatan's aktivitas-based indicator.
    ind_ids = {d["indikator_id"] for d in hasil.values() if d["model"] == "renja.Realisasi"}
    keg_ids = {d["kegiatan_id"] for d in hasil.values() if d["model"] == "renja.Aktivitas"}
    if ind_ids or keg_ids:
        bukti = defaultdict(list)
        qs = BuktiDukung.objects.filter(tahun=tahun, triwulan=triwulan).select_related("indikator", "diunggah_oleh__pegawai")
        for b in qs.filter(indikator_id__in=ind_ids) | qs.filter(
            indikator__kegiatan_id__in=keg_ids, indikator__sumber_realisasi=Indikator.SumberRealisasi.AKTIVITAS
        ):
            bukti[("i", b.indikator_id)].append(b)
            if b.indikator.kegiatan_id:
                bukti[("k", b.indikator.kegiatan_id)].append(b)
        for d in hasil.values():
            daftar = []
            if d["model"] == "renja.Realisasi":
                daftar = bukti.get(("i", d["indikator_id"]), [])
            elif d["model"] == "renja.Aktivitas":
                daftar = bukti.get(("k", d["kegiatan_id"]), [])
            if daftar:
                d["bukti"] = [
                    {
                        "id": b.pk,
                        "indikator_id": b.indikator_id,
                        "nama_berkas": b.nama_asli or b.berkas.name.rsplit("/", 1)[-1],
                        "keterangan": b.keterangan,
                        "diunggah_oleh": nama_pengguna(b.diunggah_oleh),
                        "diunggah_pada": b.diunggah_pada.isoformat(),
                    }
                    for b in daftar
                ]
    return hasil
