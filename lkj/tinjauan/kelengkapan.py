"""What a report still lacks: submitting and signing are refused with this list (decisions §6).

The list comes from the document's own data (``lkj.dokumen.data``: ``DataLKjOpd.kosong`` and
``DataIndividu.kosong``), the same object whose template prints a DRAF mark in each empty
section, so the refusal and the draft cannot name different sections. Each entry carries the
page where it is filled: the narrative page (for the OPD LKj the head of the OPD's, which edits
the OPD narrative), the entry row of the indicator, or the OPD's own data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from lkj.dokumen import data as D
from lkj.tinjauan.models import TransisiDitolak
from organisasi.models import Jabatan


@dataclass(frozen=True)
class BagianKosong:
    bagian: str
    url: str


def _url(k: D.Kosong, opd, tahun: int, triwulan: int, jabatan_narasi) -> str:
    if k.tempat == "baris" and k.jabatan is not None:
        return reverse("entri:jabatan", args=[k.jabatan.pk, tahun, triwulan]) + f"#baris-{k.jabatan.pk}-{k.indikator_id}"
    if k.tempat == "opd":
        return reverse("admin:organisasi_perangkatdaerah_change", args=[opd.pk])
    if jabatan_narasi is None:
        return ""
    return reverse("entri:narasi", args=[jabatan_narasi.pk, tahun, triwulan])


def bagian_kosong(opd, tahun: int, triwulan: int, jabatan=None) -> list[BagianKosong]:
    """The required sections of the report still empty, each with the page where it is filled."""
    if jabatan is None:
        d = D.data_lkj_opd(opd, tahun, triwulan)
        jabatan_narasi = Jabatan.objects.filter(opd=opd, jenis=Jabatan.Jenis.KEPALA_OPD).order_by("pk").first()
    else:
        d = D.data_individu(opd, tahun, triwulan, jabatan)
        jabatan_narasi = jabatan
        if d is None:
            return []
    return [BagianKosong(k.bagian, _url(k, opd, tahun, triwulan, jabatan_narasi)) for k in d.kosong()]


def pesan_kosong(kosong: list[BagianKosong], saat: str) -> str:
    """ "Laporan belum dapat diajukan: 3 bagian masih kosong — 1) …; 2) …; 3) …. Lengkapi dahulu." (Indonesian)."""
    daftar = "; ".join(f"{i}) {k.bagian}" for i, k in enumerate(kosong, 1))
    return f"Laporan belum dapat {saat}: {len(kosong)} bagian wajib masih kosong — {daftar}. Lengkapi dahulu bagian tersebut."


class LaporanBelumLengkap(TransisiDitolak):
    """Submitting or signing refused: ``kosong`` lists the empty sections with the page where each is filled."""

    def __init__(self, kosong: list[BagianKosong], saat: str):
        self.kosong = kosong
        super().__init__(pesan_kosong(kosong, saat))


def tolak_bila_kosong(opd, tahun: int, triwulan: int, jabatan, saat: str) -> None:
    kosong = bagian_kosong(opd, tahun, triwulan, jabatan)
    if kosong:
        raise LaporanBelumLengkap(kosong, saat)
