"""Reads of the agreements layer that the report layer needs.

The parties of an individual report (``pihak_semua``) live here, below both the review
(``lkj.tinjauan``), which lets them act, and the documents (``lkj.dokumen``), which print them:
they follow from the PK version in force, the signing tree and who holds which jabatan.
Nobody reviews himself (decisions §7): when the PK's atasan is the report's own holder,
review and co-signature pass up the signing tree (``Jabatan.atasan``) to the first jabatan
held by someone else, and ``Pihak.alasan_peninjau`` says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from dasar.periode import akhir_triwulan
from organisasi.cache_stempel import CacheStempel
from organisasi.models import Jabatan, Penugasan
from organisasi.selectors import pemegang_pada
from perjanjian.models import PKVersi


def versi_berlaku(jabatan_ids, tahun, akhir) -> dict[int, PKVersi]:
    """The PK version in force on ``akhir`` per jabatan: the latest dated on or before it (decisions §5)."""
    versi = {}
    for v in (
        PKVersi.objects.filter(perjanjian__jabatan_id__in=jabatan_ids, perjanjian__tahun=tahun, tanggal__lte=akhir)
        .select_related("perjanjian", "pihak_pertama")
        .order_by("perjanjian_id", "tanggal")
    ):
        versi[v.perjanjian.jabatan_id] = v
    return versi


@dataclass
class Pihak:
    """The two parties of one individual report in a quarter.

    ``atasan`` reviews and co-signs. Normally the holder of the PK's pihak kedua jabatan;
    when that is the report's own holder (a Plt. holding a jabatan under himself), the
    first jabatan up the signing tree held by someone else, and ``alasan_peninjau`` says
    so in a sentence the pages show ("ditinjau oleh … karena …").
    """

    jabatan: Jabatan
    pemegang: object | None  # Pegawai
    atasan: object | None  # Pegawai
    atasan_jabatan: Jabatan | None
    atasan_label: str
    alasan_peninjau: str = ""

    @property
    def dialihkan(self) -> bool:
        return bool(self.alasan_peninjau)


def _label_penugasan(p: Penugasan) -> str:
    return ("Plt. " if p.plt else "") + p.jabatan.nama


# The parties of a quarter's reports, under the OPD's data stamp: they follow from its PK versions and the
# organisation's rows (jabatan, holders, the signing tree), whose every write moves the stamp every OPD
# shares. Every page of a report asks, and the navigation's count on every page.
cache_pihak = CacheStempel("LKJ_CACHE_TAMPILAN")


def pihak_semua(opd, tahun: int, triwulan: int, jabatan_ids=None) -> dict[int, Pihak]:
    """Holder and atasan of every jabatan with a PK in force at the quarter's end: three queries, or the
    stamp's one when the process answered the same question under the OPD's current data stamp
    (``cache_pihak``; never inside ``organisasi.cache_stempel.segar()``, where signatures are decided).

    The PK versions; the signing tree of the pemda (``Jabatan.atasan``, two columns); the
    holders of the reports' jabatan, their PK atasan jabatan and every jabatan above those
    (so passing review up, below, needs no further query). The ``Pihak`` are shared: read them only.
    """
    ids = None if jabatan_ids is None else tuple(sorted(set(jabatan_ids)))
    return dict(cache_pihak.ambil_untuk([opd.pk], ("pihak", tahun, triwulan, ids), lambda: _pihak_semua(opd, tahun, triwulan, jabatan_ids)))


def _pihak_semua(opd, tahun: int, triwulan: int, jabatan_ids) -> dict[int, Pihak]:
    akhir = akhir_triwulan(tahun, triwulan)
    if jabatan_ids is None:
        jabatan_ids = list(Jabatan.objects.filter(opd=opd, perjanjian__tahun=tahun).values_list("pk", flat=True).distinct())
    versi = {}
    for v in (
        PKVersi.objects.filter(perjanjian__jabatan_id__in=jabatan_ids, perjanjian__tahun=tahun, tanggal__lte=akhir)
        .select_related("perjanjian__jabatan__opd__pemda", "pihak_kedua__user", "pihak_kedua_jabatan", "pihak_pertama")
        .order_by("perjanjian_id", "tanggal")
    ):
        versi[v.perjanjian.jabatan_id] = v
    atas = dict(Jabatan.objects.filter(pemda_id=opd.pemda_id).values_list("pk", "atasan_id"))
    rantai = set()
    for v in versi.values():
        j = atas.get(v.pihak_kedua_jabatan_id)
        while j is not None and j not in rantai:
            rantai.add(j)
            j = atas.get(j)
    pemegang = pemegang_pada(set(versi) | {v.pihak_kedua_jabatan_id for v in versi.values()} | rantai, akhir)
    hasil = {}
    for jid, v in versi.items():
        p_atas = pemegang.get(v.pihak_kedua_jabatan_id)
        p_sendiri = pemegang.get(jid)
        ph = hasil[jid] = Pihak(
            jabatan=v.perjanjian.jabatan,
            pemegang=p_sendiri.pegawai if p_sendiri else v.pihak_pertama,
            atasan=p_atas.pegawai if p_atas else v.pihak_kedua,
            atasan_jabatan=v.pihak_kedua_jabatan,
            atasan_label=v.pihak_kedua_jabatan_label,
        )
        if ph.pemegang is not None and ph.atasan is not None and ph.pemegang.pk == ph.atasan.pk:
            _alihkan_ke_atas(ph, v, p_atas, atas, pemegang)
    return hasil


def _alihkan_ke_atas(ph: Pihak, v, p_pk2: Penugasan | None, atas: dict, pemegang: dict[int, Penugasan]) -> None:
    """Pass review of a report whose holder would review himself to the next jabatan up held by someone else.

    The walk starts above the PK's pihak kedua jabatan and follows ``Jabatan.atasan`` (the
    signing tree, across the OPD's border up to the kepala daerah); a vacant jabatan is
    passed over. No one left above: ``atasan`` is None and nobody can approve, which the
    pages show instead of letting the holder approve himself.
    """
    diri = ph.pemegang
    sebagai = _label_penugasan(p_pk2) if p_pk2 else ph.atasan_label
    j, lihat, pengganti = atas.get(v.pihak_kedua_jabatan_id), set(), None
    while j is not None and j not in lihat:
        lihat.add(j)
        p = pemegang.get(j)
        if p is not None and p.pegawai_id != diri.pk:
            pengganti = p
            break
        j = atas.get(j)
    if pengganti is None:
        ph.atasan, ph.atasan_jabatan, ph.atasan_label = None, None, ""
        ph.alasan_peninjau = (
            f"tidak ada peninjau karena {diri.nama} sendiri memegang jabatan atasannya ({sebagai}) "
            "dan tidak ada jabatan di atasnya yang dipegang orang lain"
        )
        return
    ph.atasan, ph.atasan_jabatan, ph.atasan_label = pengganti.pegawai, pengganti.jabatan, _label_penugasan(pengganti)
    ph.alasan_peninjau = (
        f"ditinjau oleh {pengganti.pegawai.nama} ({ph.atasan_label}) karena {diri.nama} sendiri "
        f"memegang jabatan atasannya ({sebagai}); tidak ada yang meninjau laporannya sendiri"
    )
