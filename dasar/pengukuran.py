"""The measurement rules (decisions §3), in plain Python and Decimal.

No Django import: the LKj, the E.81 and the individual reports all call these
functions, so a figure is computed in exactly one way everywhere.
Every function returns ``None`` for "n/a" (printed "-", left out of averages).

"Asal angka": each rule has a form ending in ``_asal`` that takes its operands as ``Operand``
(value, where it was read from, how it was itself made) and returns an ``Asal`` — the formula's
name, those operands and the result. The plain functions are that form with bare values, so the
figure a page prints and the explanation it opens to are one computation, never two.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SERATUS = Decimal(100)
NOL = Decimal(0)
DUA_DESIMAL = Decimal("0.01")

POSITIF = "positif"
NEGATIF = "negatif"


# --- "Asal angka": a figure with the operands it was made from --------------------------------


@dataclass(frozen=True)
class Sumber:
    """A stored record an operand was read from. The selectors fill it; this module knows no model.

    ``model`` is the Django label ("renja.Realisasi"), ``versi`` the row's own version counter where
    it has one, ``rincian`` what the reader needs without another query (a PK version's date and
    number, an LRA upload's file name and SHA-256, who saved a row and when)."""

    model: str
    pk: int | None
    versi: int | None = None
    rincian: Mapping = field(default_factory=dict)

    @property
    def kunci(self) -> str:
        return f"{self.model}#{self.pk}"


@dataclass(frozen=True)
class Operand:
    """One input of a formula: its role (``nama``), its value, what it is (``label``), the records it was
    read from and, when it was itself computed, how (``asal``). ``dipakai`` False: listed but left out
    (an n/a row of an average, an aktivitas whose done count was not entered, a band not applied)."""

    nama: str
    nilai: Decimal | str | None
    label: str = ""
    sumber: tuple[Sumber, ...] = ()
    asal: Asal | None = None
    dipakai: bool = True


@dataclass(frozen=True)
class Asal:
    """How a figure was made: the formula's name (``RUMUS``), its operands and the result."""

    rumus: str
    operand: tuple[Operand, ...]
    hasil: Decimal | str | None
    keterangan: str = ""


RUMUS = {
    "nilai": "nilai tersimpan, dipakai apa adanya",
    "jumlah": "Σ operand yang dipakai; n/a bila tidak ada yang bernilai",
    "persen": "pembilang ÷ penyebut × 100 (tanpa pembulatan); n/a bila penyebut 0 atau kosong",
    "capaian_kinerja": "bulatkan(realisasi ÷ target × 100, 2 desimal); n/a bila target 0 atau kosong",
    "capaian_kinerja_negatif": "bulatkan(maks((2 × target − realisasi) ÷ target × 100, 0), 2 desimal); n/a bila target 0 atau kosong",
    "capaian_anggaran": "bulatkan(realisasi Rp ÷ pagu × 100, 2 desimal); n/a bila pagu 0 atau kosong",
    "efisiensi": "bulatkan(capaian kinerja) − bulatkan(capaian anggaran), poin persentase",
    "predikat": "pita tertinggi yang batas bawahnya ≤ bulatkan(capaian, 2 desimal)",
    "rata_rata": "bulatkan(Σ bulatkan(capaian) ÷ banyaknya, 2 desimal) atas baris yang dipakai (n/a ditinggalkan)",
}
"""Every formula name an explanation may carry, with its rule (docs/asal.schema.json lists the same names)."""


def _d(nilai) -> Decimal | None:
    return None if nilai is None else Decimal(nilai)


def nilai_asal(nama: str, nilai, *, sumber: tuple[Sumber, ...] = (), label: str = "", keterangan: str = "") -> Asal:
    """A stored value used as it is (a target, a realisation typed in, an LRA line)."""
    return Asal("nilai", (Operand(nama, nilai, label, sumber),), nilai, keterangan)


def bulatkan(nilai: Decimal | None) -> Decimal | None:
    """Round half-up to 2 decimals: the value as shown and as reused in a table."""
    if nilai is None:
        return None
    return Decimal(nilai).quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def jumlah_asal(operand: Iterable[Operand], keterangan: str = "") -> Asal:
    """Σ of the operands used that have a value; n/a when none has."""
    operand = tuple(operand)
    ada = [Decimal(o.nilai) for o in operand if o.dipakai and o.nilai is not None]
    return Asal("jumlah", operand, sum(ada, NOL) if ada else None, keterangan)


def persen_asal(pembilang: Operand, penyebut: Operand) -> Asal:
    """pembilang ÷ penyebut × 100, exact (not rounded); n/a when either is missing or the penyebut is 0."""
    p, q = _d(pembilang.nilai), _d(penyebut.nilai)
    hasil = None if p is None or q is None or q == 0 else p / q * SERATUS
    return Asal("persen", (pembilang, penyebut), hasil)


def persen(pembilang: Decimal | int, penyebut: Decimal | int) -> Decimal | None:
    """pembilang ÷ penyebut × 100, exact (not rounded); n/a when the penyebut is 0."""
    return persen_asal(Operand("pembilang", Decimal(pembilang)), Operand("penyebut", Decimal(penyebut))).hasil


def capaian_kinerja_asal(realisasi: Operand, target: Operand, polaritas: str = POSITIF) -> Asal:
    """Capaian kinerja in %, rounded to 2 dp; not capped.

    Positive polarity: realisasi ÷ annual target × 100.
    Negative polarity: (2 × target − realisasi) ÷ target × 100, floored at 0.
    Target 0 or missing, or no realisasi yet → n/a.
    """
    if polaritas not in (POSITIF, NEGATIF):
        raise ValueError(f"Polaritas tidak dikenal: {polaritas!r}")
    rumus = "capaian_kinerja_negatif" if polaritas == NEGATIF else "capaian_kinerja"
    r, t = _d(realisasi.nilai), _d(target.nilai)
    if r is None or t is None or t == 0:
        hasil = None
    elif polaritas == NEGATIF:
        hasil = bulatkan(max((2 * t - r) / t * SERATUS, NOL))
    else:
        hasil = bulatkan(r / t * SERATUS)
    return Asal(rumus, (realisasi, target), hasil)


def capaian_kinerja(realisasi: Decimal | None, target: Decimal | None, polaritas: str = POSITIF) -> Decimal | None:
    """Capaian kinerja in %, rounded to 2 dp; not capped (``capaian_kinerja_asal``)."""
    return capaian_kinerja_asal(Operand("realisasi", realisasi), Operand("target", target), polaritas).hasil


def capaian_anggaran_asal(realisasi_rp: Operand, pagu: Operand) -> Asal:
    """Realisasi Rp s/d the quarter's last month ÷ pagu in force × 100, 2 dp; n/a for a zero pagu."""
    r, p = _d(realisasi_rp.nilai), _d(pagu.nilai)
    hasil = None if r is None or p is None or p == 0 else bulatkan(r / p * SERATUS)
    return Asal("capaian_anggaran", (realisasi_rp, pagu), hasil)


def capaian_anggaran(realisasi_rp: Decimal | None, pagu: Decimal | None) -> Decimal | None:
    """Realisasi Rp s/d the quarter's last month ÷ pagu in force × 100, 2 dp; n/a for a zero pagu."""
    return capaian_anggaran_asal(Operand("realisasi_rp", realisasi_rp), Operand("pagu", pagu)).hasil


def efisiensi_asal(capaian_k: Operand, capaian_rp: Operand) -> Asal:
    """Capaian kinerja (2 dp) − capaian anggaran (2 dp), percentage points.

    Subtracting the rounded values keeps every printed row true to (10) = (6) − (9).
    """
    k, rp = _d(capaian_k.nilai), _d(capaian_rp.nilai)
    hasil = None if k is None or rp is None else bulatkan(k) - bulatkan(rp)
    return Asal("efisiensi", (capaian_k, capaian_rp), hasil)


def efisiensi(capaian_k: Decimal | None, capaian_rp: Decimal | None) -> Decimal | None:
    """Capaian kinerja (2 dp) − capaian anggaran (2 dp), percentage points (``efisiensi_asal``)."""
    return efisiensi_asal(Operand("capaian_kinerja", capaian_k), Operand("capaian_anggaran", capaian_rp)).hasil


def efisien(nilai_efisiensi: Decimal | None) -> bool | None:
    return None if nilai_efisiensi is None else nilai_efisiensi > 0


def tercapai(capaian: Decimal | None) -> bool | None:
    """The annual target is met or exceeded: capaian ≥ 100%."""
    return None if capaian is None else capaian >= SERATUS


@dataclass(frozen=True)
class Pita:
    """One band of a predikat scale: values ≥ batas_bawah (2 dp) fall in it."""

    batas_bawah: Decimal | None  # None = no lower bound (the lowest band)
    predikat: str


SKALA_BAKU: tuple[Pita, ...] = (
    Pita(Decimal("91"), "Sangat Tinggi"),
    Pita(Decimal("76"), "Tinggi"),
    Pita(Decimal("66"), "Sedang"),
    Pita(Decimal("51"), "Rendah"),
    Pita(None, "Sangat Rendah"),
)
"""Permendagri 86/2017 Tabel T-E.1 with inclusive lower bounds (decisions §3)."""


def urutkan_skala(skala: Iterable[Pita]) -> tuple[Pita, ...]:
    """Highest band first; checks that exactly one band has no lower bound."""
    pita = list(skala)
    terbuka = [p for p in pita if p.batas_bawah is None]
    if len(terbuka) != 1:
        raise ValueError("Skala predikat harus memiliki tepat satu pita tanpa batas bawah.")
    berbatas = sorted((p for p in pita if p.batas_bawah is not None), key=lambda p: p.batas_bawah, reverse=True)
    if len({p.batas_bawah for p in berbatas}) != len(berbatas):
        raise ValueError("Batas bawah pita predikat tidak boleh kembar.")
    return (*berbatas, terbuka[0])


def predikat_asal(capaian: Operand, skala: Sequence[Pita] = SKALA_BAKU, sumber_pita: Mapping[Pita, Sumber] | None = None) -> Asal:
    """The predikat of a capaian, judged on its 2-dp value; n/a stays n/a.

    The operands are the capaian and every band of the scale, highest first (each with the row it is
    stored in, ``sumber_pita``); the band applied is the one ``dipakai``."""
    sumber_pita = sumber_pita or {}
    nilai = bulatkan(_d(capaian.nilai))
    hasil = None
    pita = []
    for p in urutkan_skala(skala):
        kena = nilai is not None and hasil is None and (p.batas_bawah is None or nilai >= p.batas_bawah)
        if kena:
            hasil = p.predikat
        sumber = (sumber_pita[p],) if p in sumber_pita else ()
        pita.append(Operand("pita", p.batas_bawah, p.predikat, sumber, dipakai=kena))
    return Asal("predikat", (capaian, *pita), hasil)


def predikat(capaian: Decimal | None, skala: Sequence[Pita] = SKALA_BAKU) -> str | None:
    """The predikat of a capaian, judged on its 2-dp value; n/a stays n/a."""
    if capaian is None:
        return None
    return predikat_asal(Operand("capaian", capaian), skala).hasil


def rata_rata_asal(operand: Iterable[Operand]) -> Asal:
    """Unweighted mean of the 2-dp values of the operands used, n/a ones left out; rounded to 2 dp.
    None if nothing to average. An operand without a value is listed with ``dipakai`` False."""
    operand = tuple(o if o.nilai is not None else Operand(o.nama, None, o.label, o.sumber, o.asal, dipakai=False) for o in operand)
    ada = [bulatkan(o.nilai) for o in operand if o.dipakai]
    hasil = bulatkan(sum(ada, NOL) / len(ada)) if ada else None
    return Asal("rata_rata", operand, hasil)


def rata_rata(nilai: Iterable[Decimal | None]) -> Decimal | None:
    """Unweighted mean of the 2-dp values, n/a left out; rounded to 2 dp. None if nothing to average."""
    return rata_rata_asal(Operand("capaian", v) for v in nilai).hasil


def renstra_sd_tahun_lalu(nilai_per_tahun: Iterable[Decimal | None], akumulasi: bool) -> Decimal | None:
    """Formulir E.81 column 7: the Renstra realisation up to last year, from each earlier year's value in year order.

    A count adds the years up; an index or a percentage is a level, so it keeps the latest value.
    None when no earlier year has a value.
    """
    ada = [Decimal(v) for v in nilai_per_tahun if v is not None]
    if not ada:
        return None
    return sum(ada, NOL) if akumulasi else ada[-1]


def renstra_sd_tahun_ini(sd_tahun_lalu: Decimal | None, tahun_ini: Decimal | None, akumulasi: bool) -> Decimal | None:
    """Formulir E.81 column 15 = 7 + 13 (a count, money); an index or a percentage: the latest value (13, else 7)."""
    if sd_tahun_lalu is None and tahun_ini is None:
        return None
    if akumulasi:
        return (sd_tahun_lalu or NOL) + (tahun_ini or NOL)
    return tahun_ini if tahun_ini is not None else sd_tahun_lalu
