"""Formulir E.81 (Permendagri 86/2017): one data source for the page, JSON and later PDF/XLSX."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from dasar import pengukuran as ukur
from dasar.format import desimal_json
from dasar.pengukuran import Asal, Operand
from lkj.selectors import PengukuranOpd, Renstra

NAMA_TINGKAT = {"tujuan": "Tujuan", "sasaran": "Sasaran", "program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub Kegiatan"}

ANGKA_BARIS = ("target_k", "realisasi_k", "capaian_k", "target_rp", "realisasi_rp", "capaian_rp", "efisiensi", "predikat")
"""The computed figures of an E.81 row that open to their explanation (``BarisE81.asal``), in the row's order."""


@dataclass(frozen=True)
class BarisE81:
    level: str  # sasaran / program / kegiatan / sub_kegiatan
    kode: str | None
    uraian: str
    sasaran: str
    indikator: str | None
    formulasi: str
    satuan: str
    target_k: Decimal | None
    target_rp: Decimal | None
    realisasi_k: Decimal | None
    realisasi_rp: Decimal | None
    capaian_k: Decimal | None
    capaian_rp: Decimal | None
    efisiensi: Decimal | None
    predikat: str | None
    penanggung_jawab: str
    renstra: Renstra | None = None  # columns 6, 7, 15, 16; None where the Renstra sheet holds nothing
    # Asal angka: how each figure of ANGKA_BARIS was made, by the same calls that made it.
    asal: dict[str, Asal] = field(default_factory=dict, compare=False, repr=False)
    objek: object = field(default=None, compare=False, repr=False)  # the sasaran/program/kegiatan/sub kegiatan
    indikator_obj: object = field(default=None, compare=False, repr=False)

    @property
    def ref(self) -> str:
        """The row's stable name in a quarter's E.81: level, object and indicator ("program-12-45", "sasaran-3-0")."""
        return f"{self.level}-{self.objek.pk if self.objek is not None else 0}-{self.indikator_obj.pk if self.indikator_obj else 0}"

    @property
    def nama_baris(self) -> str:
        """How a reader names the row: "Program 7.01.01", "Sub Kegiatan 7.01.01.201.01", "Sasaran <uraian>"."""
        if self.kode:
            return f"{NAMA_TINGKAT[self.level]} {self.kode}"
        return f"{NAMA_TINGKAT[self.level]} {self.uraian}"

    def as_json(self) -> dict:
        rs = self.renstra
        return {
            "level": self.level,
            "kode": self.kode,
            "uraian": self.uraian,
            "indikator": self.indikator,
            "satuan": self.satuan,
            "target_k": desimal_json(self.target_k, None),
            "target_rp": desimal_json(self.target_rp, None),
            "realisasi_k": desimal_json(ukur.bulatkan(self.realisasi_k), None),
            "realisasi_rp": desimal_json(self.realisasi_rp, None),
            "capaian_k": desimal_json(self.capaian_k),
            "capaian_rp": desimal_json(self.capaian_rp),
            "efisiensi": desimal_json(self.efisiensi),
            "predikat": self.predikat,
            "penanggung_jawab": self.penanggung_jawab,
            "renstra_periode": rs.periode if rs else None,
            "renstra_target_k": desimal_json(rs.target_k if rs else None, None),
            "renstra_target_rp": desimal_json(rs.target_rp if rs else None, None),
            "renstra_sd_tahun_lalu_k": desimal_json(ukur.bulatkan(rs.sd_tahun_lalu_k) if rs else None, None),
            "renstra_sd_tahun_lalu_rp": desimal_json(rs.sd_tahun_lalu_rp if rs else None, None),
            "renstra_sd_tahun_ini_k": desimal_json(ukur.bulatkan(rs.sd_tahun_ini_k) if rs else None, None),
            "renstra_sd_tahun_ini_rp": desimal_json(rs.sd_tahun_ini_rp if rs else None, None),
            "renstra_capaian_k": desimal_json(rs.capaian_k if rs else None),
            "renstra_capaian_rp": desimal_json(rs.capaian_rp if rs else None),
        }


@dataclass(frozen=True)
class BarisTujuan:
    periode: str
    tujuan: str
    indikator: str
    satuan: str
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    ref: str = ""  # "tujuan-<tujuan>-<indikator>"
    asal: dict[str, Asal] = field(default_factory=dict, compare=False, repr=False)

    @property
    def nama_baris(self) -> str:
        return f"Tujuan {self.tujuan}"


@dataclass(frozen=True)
class LaporanE81:
    ukur: PengukuranOpd
    tujuan: list[BarisTujuan]
    rows: list[BarisE81]
    rata_rata_capaian: Decimal | None
    predikat: str | None
    asal_rata_rata: Asal | None = field(default=None, compare=False, repr=False)
    asal_predikat: Asal | None = field(default=None, compare=False, repr=False)

    def baris(self, ref: str) -> BarisE81 | BarisTujuan | None:
        """The row named ``ref`` (``BarisE81.ref``, a tujuan row's ``ref``), or None. "<level>-<object>-0" names
        the object's first row (its Rp figures are the same on every row of its indicators)."""
        for r in (*self.rows, *self.tujuan):
            if r.ref == ref:
                return r
        level, _, sisa = ref.partition("-")
        obj, _, ind = sisa.partition("-")
        if ind == "0":
            return next((r for r in self.rows if r.level == level and r.objek is not None and str(r.objek.pk) == obj), None)
        return None

    def asal(self, ref: str, angka: str) -> tuple[object, Asal] | None:
        """(row or the report itself, explanation) of one figure; None when the quarter's E.81 has no such figure."""
        if ref == "laporan":
            a = {"rata_rata_capaian": self.asal_rata_rata, "predikat": self.asal_predikat}.get(angka)
            return (self, a) if a is not None else None
        r = self.baris(ref)
        if r is None or angka not in r.asal:
            return None
        return r, r.asal[angka]

    @property
    def rata_rata_anggaran(self) -> Decimal | None:
        """Row d's Rp: the mean capaian anggaran over the rows of the level the kinerja mean is taken over,
        n/a rows left out (the same rule, ``dasar.pengukuran.rata_rata``)."""
        tingkat = self.ukur.tingkat_rata_rata
        return ukur.rata_rata(r.capaian_rp for r in self.rows if r.level == tingkat)

    @property
    def nama_baris(self) -> str:
        return "Formulir E.81"

    @property
    def tingkat_teks(self) -> str:
        """The level the rata-rata is taken over, as a document sentence says it ("program", "sub kegiatan")."""
        return self.ukur.tingkat_rata_rata.replace("_", " ")

    @property
    def ada_renstra(self) -> bool:
        """Some row has Renstra figures (columns 6, 7, 15, 16), from the planning workbook's sheet "Renstra"."""
        return any(r.renstra is not None for r in self.rows)

    def as_json(self) -> dict:
        u = self.ukur
        return {
            "opd": u.opd.kode,
            "tahun": u.tahun,
            "triwulan": u.triwulan,
            "rows": [r.as_json() for r in self.rows],
            "rata_rata_capaian": desimal_json(self.rata_rata_capaian),
            "rata_rata_anggaran": desimal_json(self.rata_rata_anggaran),
            "predikat": self.predikat,
        }


def _baris(u: PengukuranOpd, level, obj, kode, uraian, sasaran) -> list[BarisE81]:
    anggaran = u.anggaran(obj)
    indikator = u.indikator(obj) or [None]
    cr = Operand("capaian_anggaran", anggaran.capaian, asal=anggaran.asal)
    rows = []
    for ind in indikator:
        kin = u.kinerja(ind) if ind is not None else None
        capaian_k = kin.capaian if kin else None
        ck = Operand("capaian_kinerja", capaian_k, asal=kin.asal if kin else None)
        efisiensi = ukur.efisiensi_asal(ck, cr)
        predikat = u.predikat_asal(ck)
        asal = {"target_rp": anggaran.asal_pagu, "realisasi_rp": anggaran.asal_realisasi, "capaian_rp": anggaran.asal}
        if kin is not None:
            asal.update(target_k=kin.asal_target, realisasi_k=kin.asal_realisasi, capaian_k=kin.asal)
        asal.update(efisiensi=efisiensi, predikat=predikat)
        pj = u.penanggung_jawab(ind) if ind else None
        rows.append(
            BarisE81(
                level=level,
                kode=kode,
                uraian=uraian,
                sasaran=sasaran,
                indikator=ind.uraian if ind else None,
                formulasi=ind.formulasi if ind else "",
                satuan=ind.satuan if ind else "",
                target_k=kin.target if kin else None,
                target_rp=anggaran.pagu,
                realisasi_k=kin.realisasi if kin else None,
                realisasi_rp=anggaran.realisasi,
                capaian_k=capaian_k,
                capaian_rp=anggaran.capaian,
                efisiensi=efisiensi.hasil,
                predikat=predikat.hasil,
                penanggung_jawab=pj.label_e81 if pj else "",
                renstra=u.renstra(ind, kin.realisasi, anggaran.realisasi) if ind is not None else None,
                asal={k: asal[k] for k in ANGKA_BARIS if k in asal},
                objek=obj,
                indikator_obj=ind,
            )
        )
    return rows


def laporan_e81(u: PengukuranOpd) -> LaporanE81:
    """The E.81 of a measured quarter: built once per measurement and kept on it, so a page, its
    documents and the recap asking for the same quarter (from the measurement cache,
    ``lkj.selectors.cache_pengukuran``) share one. Callers read it, never change it."""
    lap = u.__dict__.get("_laporan_e81")
    if lap is None:
        lap = u.__dict__["_laporan_e81"] = _laporan_e81(u)
    return lap


def _laporan_e81(u: PengukuranOpd) -> LaporanE81:
    rows: list[BarisE81] = []
    for s in u.sasaran:
        rows += _baris(u, "sasaran", s, None, s.uraian, s.uraian)
    for p in u.program:
        rows += _baris(u, "program", p, u.kode(p).e81, p.nama, p.sasaran_uraian)
        for k in p.kegiatan.all():
            rows += _baris(u, "kegiatan", k, u.kode(k).e81, k.nama, k.sasaran_uraian)
            for sk in k.sub_kegiatan.all():
                rows += _baris(u, "sub_kegiatan", sk, u.kode(sk).e81, sk.nama, sk.nama)

    # Row "d": the mean of the averaging level's capaian, n/a rows listed and left out.
    rata = ukur.rata_rata_asal(
        Operand("capaian_kinerja", r.capaian_k, f"{r.kode or ''} {r.indikator or r.uraian}".strip(), asal=r.asal.get("capaian_k"))
        for r in rows
        if r.level == u.tingkat_rata_rata
    )
    predikat = u.predikat_asal(Operand("rata_rata_capaian", rata.hasil, asal=rata))
    tujuan = []
    for t in u.tujuan:
        for ind in u.indikator(t):
            kin = u.kinerja(ind)
            asal = {"target_k": kin.asal_target, "realisasi_k": kin.asal_realisasi, "capaian_k": kin.asal}
            tujuan.append(
                BarisTujuan(
                    t.periode, t.uraian, ind.uraian, ind.satuan, kin.target, kin.realisasi, kin.capaian, f"tujuan-{t.pk}-{ind.pk}", asal
                )
            )
    return LaporanE81(u, tujuan, rows, rata.hasil, predikat.hasil, rata, predikat)
