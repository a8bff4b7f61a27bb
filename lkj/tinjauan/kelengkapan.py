"""What a report still lacks: submitting and signing are refused with this list (decisions §6).

The list comes from the document's own data (``lkj.dokumen.data``: ``DataLKjOpd.kosong`` and
``DataIndividu.kosong``), the same object whose template prints a DRAF mark in each empty
section, so the refusal and the draft cannot name different sections. Each entry carries the
page where it is filled — the narrative page (for the OPD LKj the head of the OPD's, which edits
the OPD narrative), the entry row of the indicator, or the OPD's own data in the admin — when its
reader may open that page (the read rule of every page, ``organisasi.selectors.jabatan_terlihat``;
the admin: an operator). Otherwise the entry has no link and says who fills it: a link that ends
in a 404 helps nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from dasar.periode import akhir_triwulan
from lkj.dokumen import data as D
from lkj.selectors import cache_tampilan
from lkj.tinjauan.models import TransisiDitolak
from organisasi.akses import adalah_operator
from organisasi.models import Jabatan
from organisasi.selectors import jabatan_terlihat, pemegang_pada

#: How many sections a refusal's message names; the rest are counted ("dan 7 lainnya"). The page lists all.
BATAS_PESAN = 5


@dataclass(frozen=True)
class BagianKosong:
    bagian: str
    url: str  # where it is filled, when the reader may open that page; "" otherwise
    siapa: str = ""  # without a link: who fills it


def _siapa(jab: Jabatan, pemegang: dict) -> str:
    p = pemegang.get(jab.pk)
    if p is None:
        return f"diisi oleh pemegang jabatan {jab.nama}"
    return f"diisi oleh {p.pegawai.nama} ({'Plt. ' if p.plt else ''}{jab.nama})"


def _bagian(k: D.Kosong, opd, tahun: int, triwulan: int, jabatan_narasi, boleh, operator: bool, pemegang) -> BagianKosong:
    if k.tempat == "opd":
        if operator:
            return BagianKosong(k.bagian, reverse("admin:organisasi_perangkatdaerah_change", args=[opd.pk]))
        return BagianKosong(k.bagian, "", "diisi operator perangkat daerah di data perangkat daerah")
    if k.tempat == "baris" and k.jabatan is not None:
        if not boleh(k.jabatan):
            return BagianKosong(k.bagian, "", _siapa(k.jabatan, pemegang))
        url = reverse("entri:jabatan", args=[k.jabatan.pk, tahun, triwulan]) + f"#baris-{k.jabatan.pk}-{k.indikator_id}"
        return BagianKosong(k.bagian, url)
    if jabatan_narasi is None:
        return BagianKosong(k.bagian, "")
    if not boleh(jabatan_narasi):
        return BagianKosong(k.bagian, "", _siapa(jabatan_narasi, pemegang))
    return BagianKosong(k.bagian, reverse("entri:narasi", args=[jabatan_narasi.pk, tahun, triwulan]))


def _kosong(opd, tahun: int, triwulan: int, jabatan) -> list[D.Kosong]:
    """The document's own list of empty sections. Building the document's data is most of a report page's
    work, so a process keeps the list under the OPD's data stamp (``lkj.selectors.cache_tampilan``); the
    refusals of submitting and signing run inside ``segar()`` and build it from the stored data."""

    def buat():
        d = D.data_lkj_opd(opd, tahun, triwulan) if jabatan is None else D.data_individu(opd, tahun, triwulan, jabatan)
        return [] if d is None else list(d.kosong())

    return cache_tampilan.ambil_untuk([opd.pk], ("kosong", tahun, triwulan, jabatan.pk if jabatan else None), buat)


def bagian_kosong(opd, tahun: int, triwulan: int, jabatan=None, *, pembaca=None) -> list[BagianKosong]:
    """The required sections of the report still empty, each with the page where it is filled when ``pembaca``
    may open it, else who fills it. ``pembaca`` None: every page (for a caller that shows no link)."""
    if jabatan is None:
        jabatan_narasi = Jabatan.objects.filter(opd=opd, jenis=Jabatan.Jenis.KEPALA_OPD).order_by("pk").first()
    else:
        jabatan_narasi = jabatan
    kosong = _kosong(opd, tahun, triwulan, jabatan)
    if not kosong:
        return []
    terlihat = jabatan_terlihat(pembaca, opd, tahun, triwulan) if pembaca is not None else None
    operator = pembaca is None or (
        adalah_operator(pembaca, opd) and pembaca.is_staff and pembaca.has_perm("organisasi.change_perangkatdaerah")
    )

    def boleh(jab) -> bool:
        return terlihat is None or jab.pk in terlihat

    perlu = {k.jabatan.pk for k in kosong if k.jabatan is not None and not boleh(k.jabatan)}
    if jabatan_narasi is not None and not boleh(jabatan_narasi):
        perlu.add(jabatan_narasi.pk)
    pemegang = pemegang_pada(perlu, akhir_triwulan(tahun, triwulan)) if perlu else {}
    return [_bagian(k, opd, tahun, triwulan, jabatan_narasi, boleh, operator, pemegang) for k in kosong]


def pesan_kosong(kosong: list[BagianKosong], saat: str) -> str:
    """ "Laporan belum dapat diajukan: 3 bagian masih kosong — 1) …; 2) …; 3) …. Lengkapi dahulu." (Indonesian);
    beyond ``BATAS_PESAN`` sections, "…; dan 7 lainnya"."""
    daftar = "; ".join(f"{i}) {k.bagian}" for i, k in enumerate(kosong[:BATAS_PESAN], 1))
    if len(kosong) > BATAS_PESAN:
        daftar += f"; dan {len(kosong) - BATAS_PESAN} lainnya"
    return f"Laporan belum dapat {saat}: {len(kosong)} bagian wajib masih kosong — {daftar}. Lengkapi dahulu bagian tersebut."


class LaporanBelumLengkap(TransisiDitolak):
    """Submitting or signing refused: ``kosong`` lists the empty sections with the page where each is filled."""

    def __init__(self, kosong: list[BagianKosong], saat: str):
        self.kosong = kosong
        super().__init__(pesan_kosong(kosong, saat))


def tolak_bila_kosong(opd, tahun: int, triwulan: int, jabatan, saat: str, *, oleh=None) -> None:
    kosong = bagian_kosong(opd, tahun, triwulan, jabatan, pembaca=oleh)
    if kosong:
        raise LaporanBelumLengkap(kosong, saat)
