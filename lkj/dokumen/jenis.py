"""The kinds of document, one entry each: adding a document is adding an entry here, and nothing else.

An entry (``JenisDokumen``) says everything the app asks about a kind: its title, how its
data is built (``lkj.dokumen.data``), which template prints it, whether it also comes as a
spreadsheet, whether it belongs to a jabatan (and to which), who may read it, how its file
is named, and whether the review signs it. Everything else reads this table: the model's
choices (``DokumenRender.Jenis``), the services (build, render, signed copies), the
documents page and its request and download views, the review's numbering and preview,
and the tests.

The model imports this module for its choices, so nothing here imports this app's models or a
builder when the module loads: the builders are reached through ``D`` and ``R``, which
import ``lkj.dokumen.data`` and ``lkj.dokumen.render`` on first use (the OPD LKj's chart, drawn by
``lkj.grafik``, is reached through ``render.konteks_lkj_opd`` the same way).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from importlib import import_module

from django.db import models
from django.utils.functional import SimpleLazyObject

from organisasi.selectors import jabatan_terlihat

D = SimpleLazyObject(lambda: import_module("lkj.dokumen.data"))
R = SimpleLazyObject(lambda: import_module("lkj.dokumen.render"))


# --- who reads what (docs/architecture.md) ---------------------------------------------------


class Pembaca:
    """One user reading one OPD's quarter; the OPD itself is already one he may read (``organisasi.akses``).

    The read rules ask it; what they ask is loaded once, so a page listing every
    jabatan's documents runs the same queries for 1 and for 50 of them.
    """

    def __init__(self, user, opd, tahun: int, triwulan: int):
        self.user, self.opd, self.tahun, self.triwulan = user, opd, tahun, triwulan

    @cached_property
    def jabatan_terlihat(self) -> set[int] | None:
        """Jabatan whose own documents he may read (``None``: all); the entry pages' rule, two queries."""
        return jabatan_terlihat(self.user, self.opd, self.tahun, self.triwulan)


def baca_anggota_opd(pembaca: Pembaca, jabatan) -> bool:
    """The office's own document (OPD LKj, E.81, LRA summary): every member of the OPD, its operator and the
    pemda roles of its pemda read it."""
    return True


def baca_pemegang_dan_atasan(pembaca: Pembaca, jabatan) -> bool:
    """A jabatan's own document (individual report, PK): the holder, every jabatan above him in the
    signing tree, the operator and the pemda roles of its pemda read it; a colleague beside him does not."""
    terlihat = pembaca.jabatan_terlihat
    return terlihat is None or jabatan.pk in terlihat


# --- the registry ----------------------------------------------------------------------------


def _konteks_d(d) -> dict:
    return {"d": d}


def _semua_jabatan(jabatan) -> bool:
    return True


def _nama_pegawai(penanda) -> str:
    return penanda.nama.split(",")[0]  # without academic titles: "BAMBANG YULIANTO, SP" → "BAMBANG YULIANTO"


@dataclass(frozen=True)
class JenisDokumen:
    kode: str  # stored in DokumenRender.jenis and posted by the documents page
    judul: str  # the title users see (the model's choice label)
    template: str  # the HTML the PDF is printed from (``render.html``)
    data: Callable  # (opd, tahun, triwulan, jabatan, tanggal, *, u=None) -> data; None: the jabatan has no PK in force
    nama: Callable  # (data) -> file name stem; the period and format are appended (``services._nama_berkas``)
    pembaca: Callable  # read rule: (Pembaca, jabatan or None) -> bool
    per_jabatan: bool = False  # one per jabatan with a PK in force, else one per OPD
    untuk_jabatan: Callable = _semua_jabatan  # which of those jabatan have one: (Jabatan) -> bool
    buku: Callable | None = None  # (data) -> openpyxl Workbook, when it is also offered as XLSX
    konteks: Callable = _konteks_d  # (data) -> template context
    judul_daftar: str = ""  # the documents page's row title before "— <jabatan>" (default: ``judul``)
    nomor_tanda: str = ""  # its code in a signed copy's number (LKJ/2025/TW3/<code>/…); empty: the review never signs it
    # (data) -> the LaporanE81 it prints, when its PDF may carry the optional lampiran "Asal angka" (a draft only)
    e81: Callable | None = None

    @property
    def format(self) -> tuple[str, ...]:
        """Formats offered: every kind prints as PDF; a kind with a workbook also as XLSX."""
        return ("pdf", "xlsx") if self.buku is not None else ("pdf",)

    def label(self, jabatan=None) -> str:
        return f"{self.judul_daftar or self.judul} — {jabatan.nama}" if jabatan is not None else self.judul

    def boleh_dibaca(self, pembaca: Pembaca, jabatan=None) -> bool:
        """Whether ``pembaca`` may read this kind's document (of ``jabatan``, for a kind per jabatan).

        With no jabatan named for a kind per jabatan there is nothing to read yet; the
        service then asks for one.
        """
        if not self.per_jabatan:
            return self.pembaca(pembaca, None)
        return jabatan is None or self.pembaca(pembaca, jabatan)


_DAFTAR = [
    JenisDokumen(
        kode="lkj_opd",
        judul="Laporan Kinerja (LKj) Perangkat Daerah",
        template="dokumen/lkj_opd.html",
        data=lambda opd, tahun, triwulan, jabatan, tanggal, *, u=None: D.data_lkj_opd(opd, tahun, triwulan, tanggal, u=u),
        buku=lambda d: R.buku_lkj_opd(d),
        konteks=lambda d: R.konteks_lkj_opd(d),
        nama=lambda d: f"LKj-{d.opd.nama}",
        pembaca=baca_anggota_opd,
        nomor_tanda="OPD",
        e81=lambda d: d.e81,
    ),
    JenisDokumen(
        kode="individu",
        judul="Laporan Kinerja Individu",
        judul_daftar="LKj Individu",
        template="dokumen/individu.html",
        data=lambda opd, tahun, triwulan, jabatan, tanggal, *, u=None: D.data_individu(opd, tahun, triwulan, jabatan, tanggal, u=u),
        per_jabatan=True,
        untuk_jabatan=lambda jab: jab.jenis != jab.Jenis.KEPALA_OPD,  # the head's report is the OPD LKj
        nama=lambda d: f"LKj-Individu-{d.judul_jabatan}-{_nama_pegawai(d.pk.pihak_pertama)}",
        pembaca=baca_pemegang_dan_atasan,
        nomor_tanda="IND",
    ),
    JenisDokumen(
        kode="e81",
        judul="Formulir E.81",
        template="dokumen/e81.html",
        data=lambda opd, tahun, triwulan, jabatan, tanggal, *, u=None: D.data_e81(opd, tahun, triwulan, tanggal, u=u),
        buku=lambda d: R.buku_e81(d, D.ttd_e81(d)),
        nama=lambda d: f"Formulir-E81-{d.opd.nama}",
        pembaca=baca_anggota_opd,
        nomor_tanda="E81",
        e81=lambda d: d.laporan,
    ),
    JenisDokumen(
        kode="pk",
        judul="Perjanjian Kinerja",
        template="dokumen/pk.html",
        data=lambda opd, tahun, triwulan, jabatan, tanggal, *, u=None: D.data_pk(opd, tahun, triwulan, jabatan, u=u),
        per_jabatan=True,
        konteks=lambda pk: {"pk": pk},
        nama=lambda pk: f"PK-{pk.pihak_pertama.jabatan}-{_nama_pegawai(pk.pihak_pertama)}",
        pembaca=baca_pemegang_dan_atasan,
    ),
    JenisDokumen(
        kode="lra",
        judul="Ringkasan Realisasi Anggaran",
        template="dokumen/lra.html",
        data=lambda opd, tahun, triwulan, jabatan, tanggal, *, u=None: D.data_lra(opd, tahun, triwulan, tanggal, u=u),
        nama=lambda d: f"Realisasi-Anggaran-{d.opd.nama}",
        pembaca=baca_anggota_opd,
    ),
]

SPESIFIKASI: dict[str, JenisDokumen] = {j.kode: j for j in _DAFTAR}

# The model's choices and the named constants (``Jenis.LKJ_OPD`` …), made from the entries.
Jenis = models.TextChoices("Jenis", [(j.kode.upper(), (j.kode, j.judul)) for j in _DAFTAR])


def dokumen_periode(opd, tahun: int, triwulan: int) -> list[tuple[JenisDokumen, object]]:
    """Every document of the OPD's quarter, as (kind, jabatan or None), whoever reads it: the OPD's own
    documents, then for each jabatan with a PK in force at the quarter's end (head first) its documents.
    What printing a whole quarter prints (``lkj.rekap.cetak``). Two queries whatever the number of jabatan."""
    hasil = [(j, None) for j in SPESIFIKASI.values() if not j.per_jabatan]
    per_jabatan = [j for j in SPESIFIKASI.values() if j.per_jabatan]
    if per_jabatan:
        for jab in D.jabatan_ber_pk(opd, tahun, triwulan):
            hasil += [(j, jab) for j in per_jabatan if j.untuk_jabatan(jab)]
    return hasil


def dokumen_terbaca(pembaca: Pembaca) -> list[tuple[JenisDokumen, object]]:
    """Every document of the quarter ``pembaca`` may read, as (kind, jabatan or None), in the documents page's order.

    The OPD's own documents first, then for each jabatan with a PK in force at the quarter's
    end (head first) its documents. A fixed number of queries whatever the number of jabatan.
    """
    return [(j, jab) for j, jab in dokumen_periode(pembaca.opd, pembaca.tahun, pembaca.triwulan) if j.boleh_dibaca(pembaca, jab)]


def jenis_tertanda(*, per_jabatan: bool) -> list[JenisDokumen]:
    """The kinds the review signs for one report: an individual report's own; the OPD LKj's (with its E.81)."""
    return [j for j in SPESIFIKASI.values() if j.nomor_tanda and j.per_jabatan == per_jabatan]
