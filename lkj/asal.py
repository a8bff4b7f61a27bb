"""Asal angka: a computed figure opened to the inputs it came from.

The explanation itself is made where the figure is made (``dasar.pengukuran``'s ``*_asal`` rules,
called by ``lkj.selectors.pengukuran_opd`` and ``lkj.e81``): this module only writes it out — as
JSON for ``manage.py e81 --format json --asal`` (``docs/asal.schema.json``) — and completes the
source records with what the measurement does not load (who saved a row and when, the evidence
files), in a fixed number of queries, only when an explanation is asked for.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from dasar import format as fmt
from dasar import pengukuran as ukur
from dasar.pengukuran import Asal, Sumber
from lkj.e81 import ANGKA_BARIS, NAMA_TINGKAT, LaporanE81
from lkj.entri.selectors import nama_pengguna
from organisasi.akses import adalah_operator
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
    data["tujuan"] = [
        {"ref": t.ref, "nama_baris": t.nama_baris, "asal": {angka: tulis.asal(a) for angka, a in t.asal.items()}} for t in laporan.tujuan
    ]
    data["asal"] = {"rata_rata_capaian": tulis.asal(laporan.asal_rata_rata), "predikat": tulis.asal(laporan.asal_predikat)}
    data["rumus"] = dict(ukur.RUMUS)
    data["sumber"] = lengkapi_sumber(tulis.sumber.values(), tahun, triwulan)
    data["skema"] = SKEMA
    return data


_ANGKA = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _nilai(nilai):
    """A value as ``nilai_json`` wrote it, back to a Decimal; text (a predikat) stays text."""
    if isinstance(nilai, str) and _ANGKA.fullmatch(nilai):
        return Decimal(nilai)
    return nilai


class Pembaca:
    """Reads back what ``e81_json`` wrote (an explanation frozen with a signature) as ``Asal`` trees, the source
    records carrying what ``lengkapi_sumber`` completed then, so the panel renders it as it renders a live one."""

    def __init__(self, data: dict):
        self.data = data
        self.sumber = data.get("sumber", {})
        self.baris = {}
        for r in (*data.get("rows", ()), *data.get("tujuan", ())):
            self.baris.setdefault(r["ref"], r)
            # "<level>-<object>-0" names the object's first row, as LaporanE81.baris reads it
            self.baris.setdefault(r["ref"].rsplit("-", 1)[0] + "-0", r)
        self._dibaca: dict[tuple[str, str], Asal] = {}

    def angka(self, ref: str, angka: str) -> Asal | None:
        """The figure ``angka`` of row ``ref`` ("laporan": the rata-rata and its predikat), or None."""
        kunci = (ref, angka)
        if kunci not in self._dibaca:
            if ref == "laporan":
                j = self.data.get("asal", {}).get(angka)
            else:
                j = self.baris.get(ref, {}).get("asal", {}).get(angka)
            if j is None:
                return None
            self._dibaca[kunci] = self.asal(j)
        return self._dibaca[kunci]

    def nama_baris(self, ref: str) -> str:
        if ref == "laporan":
            return "Formulir E.81"
        r = self.baris[ref]
        if r.get("nama_baris") in r:
            return r["nama_baris"]
        return f"{NAMA_TINGKAT[r['level']]} {r['kode'] or r['uraian']}"

    def asal(self, j: dict) -> Asal:
        return Asal(j["rumus"], tuple(self.operand(o) for o in j["operand"]), _nilai(j["hasil"]), j.get("keterangan", ""))

    def operand(self, o: dict) -> ukur.Operand:
        sumber = tuple(Sumber(s["model"], s["id"], s["versi"], self.sumber.get(f"{s['model']}#{s['id']}", {})) for s in o.get("sumber", ()))
        if "lihat" in o:
            asal = self.angka(o["lihat"].get("baris", "laporan"), o["lihat"]["angka"])
        else:
            asal = self.asal(o["asal"]) if "asal" in o else None
        return ukur.Operand(o["nama"], _nilai(o["nilai"]), o.get("label", ""), sumber, asal, o.get("dipakai", True))


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

    # Evidence: a typed realisation's of its indicator and quarter (an index may carry an earlier quarter's),
    # an aktivitas count's of its kegiatan's aktivitas-based indicator.
    ind_ids = {d["indikator_id"] for d in hasil.values() if d["model"] == "renja.Realisasi"}
    keg_ids = {d["kegiatan_id"] for d in hasil.values() if d["model"] == "renja.Aktivitas"}
    if ind_ids or keg_ids:
        bukti = defaultdict(list)
        qs = BuktiDukung.objects.filter(tahun=tahun, triwulan__lte=triwulan).select_related("indikator", "diunggah_oleh__pegawai")
        for b in (
            qs.filter(indikator_id__in=ind_ids)
            | qs.filter(indikator__kegiatan_id__in=keg_ids, indikator__sumber_realisasi=Indikator.SumberRealisasi.AKTIVITAS)
        ).order_by("diunggah_pada", "pk"):
            bukti[("i", b.indikator_id, b.triwulan)].append(b)
            if b.indikator.kegiatan_id and b.triwulan == triwulan:
                bukti[("k", b.indikator.kegiatan_id, b.triwulan)].append(b)
        for d in hasil.values():
            daftar = []
            if d["model"] == "renja.Realisasi":
                daftar = bukti.get(("i", d["indikator_id"], d["triwulan"]), [])
            elif d["model"] == "renja.Aktivitas":
                daftar = bukti.get(("k", d["kegiatan_id"], triwulan), [])
            if daftar:
                d["bukti"] = [
                    {
                        "id": b.pk,
                        "indikator_id": b.indikator_id,
                        "triwulan": b.triwulan,
                        "nama_berkas": b.nama_asli or b.berkas.name.rsplit("/", 1)[-1],
                        "keterangan": b.keterangan,
                        "diunggah_oleh": nama_pengguna(b.diunggah_oleh),
                        "diunggah_pada": b.diunggah_pada.isoformat(),
                    }
                    for b in daftar
                ]
    return hasil


# --- the panel a page opens (lkj/_asal.html) ---------------------------------------------------

NAMA_ANGKA = {
    "target_k": "target kinerja",
    "realisasi_k": "realisasi kinerja",
    "capaian_k": "capaian kinerja",
    "target_rp": "pagu anggaran",
    "realisasi_rp": "realisasi anggaran",
    "capaian_rp": "capaian anggaran",
    "efisiensi": "efisiensi",
    "predikat": "predikat",
    "rata_rata_capaian": "rata-rata capaian kinerja",
}
NAMA_OPERAND = {
    "realisasi": "Realisasi",
    "target": "Target",
    "pembilang": "Pembilang",
    "penyebut": "Penyebut",
    "terlaksana": "Terlaksana",
    "rencana": "Direncanakan",
    "anggaran_setelah": "Anggaran setelah perubahan",
    "realisasi_sd": "Realisasi s/d bulan ini",
    "sub_kegiatan": "Sub kegiatan",
    "pagu": "Pagu",
    "realisasi_rp": "Realisasi anggaran",
    "capaian_kinerja": "Capaian kinerja",
    "capaian_anggaran": "Capaian anggaran",
    "capaian": "Capaian",
    "rata_rata_capaian": "Rata-rata capaian kinerja",
    "pita": "Pita predikat",
}
RUPIAH = {"anggaran_setelah", "realisasi_sd", "sub_kegiatan", "pagu", "realisasi_rp"}
PERSEN = {"capaian_kinerja", "capaian_anggaran", "capaian", "rata_rata_capaian"}
LEVEL_RUPIAH = {"target_rp", "realisasi_rp"}
LEVEL_PERSEN = {"capaian_k", "capaian_rp", "rata_rata_capaian"}


@dataclass
class Tautan:
    teks: str
    url: str = ""


@dataclass
class BarisOperand:
    nama: str
    label: str
    nilai: str
    dipakai: bool
    sumber: list[Tautan]
    anak: Simpul | None = None


@dataclass
class Simpul:
    """One computation as the panel shows it: the formula with the values put in, then each operand."""

    judul: str
    rumus: str
    persamaan: str
    hasil: str
    keterangan: str
    operand: list[BarisOperand]
    sumber_bersama: list[Tautan] = field(default_factory=list)
    # An aktivitas percentage: each aktivitas with its done and planned count side by side.
    pasangan: list[tuple] = field(default_factory=list)

    @property
    def tabel(self) -> bool:
        """Many operands of one kind (LRA lines, aktivitas): a table reads better than a list."""
        return self.rumus in ("jumlah", "rata_rata") and len(self.operand) > 1


def _teks(nama: str, nilai) -> str:
    if nilai is None:
        return "-"
    if isinstance(nilai, str):
        return nilai
    if nama in RUPIAH:
        return fmt.rupiah(nilai)
    if nama in PERSEN:
        return fmt.persen(nilai)
    if nama == "pita":
        return f"≥ {fmt.angka(nilai, 2)}%"
    if nama == "efisiensi":
        return f"{fmt.angka(nilai, 2)} poin"
    return fmt.angka_seperlunya(nilai)


def _waktu(iso: str | None) -> str:
    if not iso:
        return "-"
    dt = datetime.datetime.fromisoformat(iso)
    if timezone.is_aware(dt):
        dt = timezone.localtime(dt)
    return f"{fmt.tanggal(dt.date())} pukul {dt:%H.%M}"


class Penjelas:
    """Turns an ``Asal`` into the panel's ``Simpul`` tree, with the sources as sentences and links the user may
    follow (evidence and entry rows only of jabatan he may read; the LRA file only for an operator)."""

    def __init__(self, u, user, terlihat, sumber: dict[str, dict]):
        self.u, self.user, self.terlihat, self.sumber = u, user, terlihat, sumber
        self.operator = user is not None and adalah_operator(user, u.opd)

    def _boleh_jabatan(self, jabatan_id) -> bool:
        return jabatan_id is not None and (self.terlihat is None or jabatan_id in self.terlihat)

    def tautan(self, s: Sumber) -> list[Tautan]:
        d = self.sumber.get(s.kunci, {})
        u = self.u
        if s.model == "perjanjian.PKVersi":
            nomor = f", nomor {d['nomor_dokumen']}" if d.get("nomor_dokumen") else ""
            teks = f"{d['jenis']} {d['jabatan']} tanggal {fmt.tanggal(datetime.date.fromisoformat(d['tanggal']))}{nomor}"
            url = f"{reverse('dokumen:index')}?opd={u.opd.kode}&tahun={u.tahun}&triwulan={u.triwulan}"
            return [Tautan(teks, url)]
        if s.model == "perjanjian.PKBaris":
            return [Tautan(f"Baris nomor {d.get('nomor')} Perjanjian Kinerja")]
        if s.model == "renja.Target":
            return [Tautan(f"Target Renja tahun {d.get('tahun')} (tanpa versi)")]
        if s.model == "renja.Realisasi":
            jab = u.jabatan_penanggung(d["indikator_id"])
            hasil = [
                Tautan(
                    f"Realisasi {fmt.triwulan(d['triwulan'])} diisi oleh {d.get('diubah_oleh') or '(sistem/impor)'} "
                    f"pada {_waktu(d.get('diubah_pada'))}, versi {d['versi']}"
                )
            ]
            if d.get("catatan_sumber"):
                hasil.append(Tautan(f"Sumber data: {d['catatan_sumber']}"))
            if self._boleh_jabatan(jab):
                hasil.append(Tautan("Riwayat perubahan", reverse("entri:riwayat", args=[jab, u.tahun, d["triwulan"], d["indikator_id"]])))
            return hasil + self._bukti(d)
        if s.model == "renja.AktivitasRealisasi":
            return [
                Tautan(f"Diisi oleh {d.get('diubah_oleh') or '(sistem/impor)'} pada {_waktu(d.get('diubah_pada'))}, versi {d['versi']}")
            ]
        if s.model == "renja.Aktivitas":
            return self._bukti(d)
        if s.model == "anggaran.LraImport":
            teks = (
                f"LRA {fmt.BULAN[d['bulan'] - 1]} {d['tahun']}: berkas {d['nama_file']}, SHA-256 {d['sha256']}, "
                f"diunggah oleh {d.get('diunggah_oleh') or '(sistem/impor)'} pada {_waktu(d.get('diunggah_pada'))}"
            )
            url = reverse("anggaran:berkas", args=[s.pk]) if self.operator else ""
            return [Tautan(teks, url)]
        if s.model == "lkj.PredikatPita":
            return [Tautan("Skala predikat yang ditetapkan pemda")]
        return []

    def _bukti(self, d) -> list[Tautan]:
        hasil = []
        for b in d.get("bukti", []):
            jab = self.u.jabatan_penanggung(b["indikator_id"])
            teks = f"Bukti dukung: {b['keterangan'] or b['nama_berkas']} ({b['nama_berkas']}), diunggah {b['diunggah_oleh']} pada {_waktu(b['diunggah_pada'])}"
            url = ""
            if self._boleh_jabatan(jab):
                url = reverse("entri:bukti_unduh", args=[jab, self.u.tahun, b["triwulan"], b["indikator_id"], b["id"]])
            hasil.append(Tautan(teks, url))
        return hasil

    def simpul(self, a: Asal, judul: str, nama: str) -> Simpul:
        # a source every operand shares (the LRA upload of each line) is said once, under the table
        bersama = set.intersection(*({s.kunci for s in o.sumber} for o in a.operand)) if len(a.operand) > 1 else set()
        operand = []
        for o in a.operand:
            sumber = [t for s in o.sumber if s.kunci not in bersama for t in self.tautan(s)]
            anak = self.simpul(o.asal, f"{NAMA_OPERAND.get(o.nama, o.nama)} {o.label}".strip(), o.nama) if o.asal else None
            operand.append(BarisOperand(NAMA_OPERAND.get(o.nama, o.nama), o.label, _teks(o.nama, o.nilai), o.dipakai, sumber, anak))
        urut = {s.kunci: s for o in a.operand for s in o.sumber if s.kunci in bersama}
        pasangan = []
        if a.rumus == "persen" and all(o.asal is not None and o.asal.rumus == "jumlah" for o in a.operand):
            atas, bawah = (o.asal.operand for o in a.operand)
            if [o.label for o in atas] == [o.label for o in bawah]:
                kegiatan = set()  # a kegiatan's evidence once, on its first aktivitas
                for t, r in zip(atas, bawah):
                    sumber = [x for s in t.sumber if s.model != "renja.Aktivitas" for x in self.tautan(s)]
                    baru = [s for s in r.sumber if s.rincian.get("kegiatan_id") not in kegiatan]
                    kegiatan.update(s.rincian.get("kegiatan_id") for s in r.sumber)
                    bukti = [x for s in baru for x in self.tautan(s)]
                    pasangan.append((t.label, _teks(t.nama, t.nilai), _teks(r.nama, r.nilai), t.dipakai, sumber + bukti))
                for o in operand:
                    o.anak = None
        return Simpul(
            judul=judul,
            rumus=a.rumus,
            persamaan=self.persamaan(a),
            hasil=_teks(nama, a.hasil),
            keterangan=a.keterangan,
            operand=operand,
            sumber_bersama=[t for s in urut.values() for t in self.tautan(s)],
            pasangan=pasangan,
        )

    def persamaan(self, a: Asal) -> str:
        """The formula with its values put in, as one sentence ("Jumlah 28 baris = …", "172 ÷ 225 × 100 = 76,44%")."""
        teks = self._persamaan(a)
        return teks[:1].upper() + teks[1:]

    def _persamaan(self, a: Asal) -> str:
        o = a.operand
        t = [_teks(x.nama, x.nilai) for x in o]
        hasil = "-" if a.hasil is None else None
        if a.rumus == "nilai":
            return f"nilai tersimpan: {t[0]}"
        if a.rumus == "jumlah":
            dipakai = [x for x, s in zip(o, t) if x.dipakai and x.nilai is not None]
            return f"jumlah {len(dipakai)} baris = {hasil or _teks(o[0].nama, a.hasil)}"
        if a.rumus == "persen":
            return f"{t[0]} ÷ {t[1]} × 100 = {hasil or fmt.persen(a.hasil)}"
        if a.rumus == "capaian_kinerja":
            return f"{t[0]} ÷ {t[1]} × 100 = {hasil or fmt.persen(a.hasil)}"
        if a.rumus == "capaian_kinerja_negatif":
            return f"(2 × {t[1]} − {t[0]}) ÷ {t[1]} × 100, paling kecil 0 = {hasil or fmt.persen(a.hasil)}"
        if a.rumus == "capaian_anggaran":
            return f"{t[0]} ÷ {t[1]} × 100 = {hasil or fmt.persen(a.hasil)}"
        if a.rumus == "efisiensi":
            return f"{t[0]} − {t[1]} = {hasil or fmt.angka(a.hasil, 2) + ' poin'}"
        if a.rumus == "predikat":
            kena = next((x for x in o[1:] if x.dipakai), None)
            if kena is None:
                return "tanpa capaian, tanpa predikat"
            batas = "pita terbawah" if kena.nilai is None else f"pita ≥ {fmt.angka(kena.nilai, 2)}%"
            return f"{t[0]} berada pada {batas}: {a.hasil}"
        if a.rumus == "rata_rata":
            dipakai = [s for x, s in zip(o, t) if x.dipakai]
            if not dipakai:
                return "tidak ada capaian untuk dirata-ratakan = -"
            return f"({' + '.join(dipakai)}) ÷ {len(dipakai)} = {hasil or fmt.persen(a.hasil)}"
        return ""


def _judul(angka: str, nama_baris: str) -> tuple[str, str]:
    judul = f"{NAMA_ANGKA[angka].capitalize()} {nama_baris}"
    nama = {"target_rp": "pagu", "realisasi_rp": "realisasi_rp", "predikat": "predikat", "efisiensi": "efisiensi"}.get(angka, "")
    if angka in LEVEL_PERSEN:
        nama = "capaian"
    return judul, nama


def penjelasan(laporan: LaporanE81, ref: str, angka: str, user, terlihat) -> Simpul | None:
    """The panel of one figure of a quarter's E.81 (``LaporanE81.asal``): None when there is no such figure."""
    ada = laporan.asal(ref, angka)
    if ada is None:
        return None
    baris, a = ada
    u = laporan.ukur
    sumber = {}

    def kumpul(x: Asal):
        for o in x.operand:
            for s in o.sumber:
                sumber.setdefault(s.kunci, s)
            if o.asal is not None:
                kumpul(o.asal)

    kumpul(a)
    lengkap = lengkapi_sumber(sumber.values(), u.tahun, u.triwulan)
    judul, nama = _judul(angka, baris.nama_baris)
    return Penjelas(u, user, terlihat, lengkap).simpul(a, judul, nama)


def penjelasan_beku(data: dict, u, ref: str, angka: str, user, terlihat) -> Simpul | None:
    """The same panel from an explanation frozen with a signature (``e81_json`` as stored): what was signed, not
    what the data says now. ``u`` (the quarter's measurement) only places the links (whose entry row)."""
    baca = Pembaca(data)
    a = baca.angka(ref, angka)
    if a is None:
        return None
    judul, nama = _judul(angka, baca.nama_baris(ref))
    return Penjelas(u, user, terlihat, baca.sumber).simpul(a, judul, nama)


def teks_dibekukan(d: dict) -> str:
    """The sentence a frozen explanation opens with: when, by whom, which signed version."""
    oleh = " dan ".join(d["oleh"]) or "-"
    return f"Dibekukan saat penandatanganan {_waktu(d['pada'])} oleh {oleh} (versi {d['versi']}, nomor {d['nomor']})."


# --- the lampiran "Asal angka" of the OPD LKj and the E.81 PDF ---------------------------------

# The figures a row's lampiran entry states, in the row's order: what is computed (a stored value with
# no formula is already printed in the E.81 and named among the inputs of the figure that uses it).
ANGKA_LAMPIRAN = ("realisasi_k", "target_rp", "realisasi_rp", "capaian_k", "capaian_rp", "efisiensi", "predikat")
_NAMA_SUMBER = {"target_rp": "pagu", "realisasi_rp": "realisasi_rp", "predikat": "predikat", "efisiensi": "efisiensi"}


@dataclass
class BarisLampiran:
    nomor: int
    baris: str  # "Program 7.01.01"
    indikator: str
    rumus: list[tuple[str, str]]  # (figure, its formula with the values put in)
    sumber: list[str]  # the inputs and where they come from, in short


def _sumber_tree(a: Asal, kumpul: dict) -> None:
    for o in a.operand:
        for s in o.sumber:
            kumpul.setdefault(s.kunci, s)
        if o.asal is not None:
            _sumber_tree(o.asal, kumpul)


def sumber_singkat(sumber) -> list[str]:
    """Where a row's figures come from, in short: the PK version (date, number), the realisation (quarter, version),
    the LRA (month, file SHA-256 short, number of kode rekening lines), the Renja target, the predikat scale."""
    hasil, lra_baris = [], 0
    for s in sumber:
        d = s.rincian
        if s.model == "perjanjian.PKVersi":
            nomor = f" nomor {d['nomor_dokumen']}" if d.get("nomor_dokumen") else ""
            hasil.append(f"{d['jenis']} tanggal {fmt.tanggal(datetime.date.fromisoformat(d['tanggal']))}{nomor}")
        elif s.model == "renja.Realisasi":
            hasil.append(f"realisasi {fmt.triwulan(d['triwulan'])} versi {s.versi}")
        elif s.model == "renja.Target":
            hasil.append(f"target Renja {d.get('tahun')}")
        elif s.model == "anggaran.LraImport":
            hasil.append(f"LRA {fmt.BULAN[d['bulan'] - 1]} {d['tahun']} (SHA-256 {d['sha256'][:12]})")
        elif s.model == "anggaran.RealisasiAnggaran":
            lra_baris += 1
        elif s.model == "lkj.PredikatPita":
            pass  # the band applied is in the predikat's formula
    if lra_baris:
        hasil.append(f"{lra_baris} baris kode rekening LRA")
    return list(dict.fromkeys(hasil))


def _persamaan_lampiran(tulis: Penjelas, a: Asal) -> str:
    """The panel's formula with the values put in; an aktivitas percentage says which count is which."""
    teks = tulis.persamaan(a)
    if a.rumus == "persen" and [o.nama for o in a.operand] == ["terlaksana", "rencana"]:
        return f"aktivitas terlaksana ÷ direncanakan: {teks}"
    if a.rumus == "persen" and a.operand and a.operand[0].asal is not None and a.operand[0].asal.operand:
        if a.operand[0].asal.operand[0].nama == "terlaksana":
            return f"Σ aktivitas terlaksana ÷ Σ direncanakan: {teks}"
    return teks


def lampiran_asal(laporan: LaporanE81) -> list[BarisLampiran]:
    """One entry per E.81 row (and the rata-rata): each computed figure's formula with its real values (aktivitas as
    Σ terlaksana ÷ Σ direncanakan, the predikat band applied) and its inputs' sources in short. Made from the rows'
    own explanations: nothing is computed again."""
    tulis = Penjelas(laporan.ukur, None, None, {})
    hasil = []
    for r in laporan.rows:
        rumus, sumber = [], {}
        for angka in ANGKA_LAMPIRAN:
            a = r.asal.get(angka)
            if a is None or a.rumus == "nilai":
                continue
            rumus.append((NAMA_ANGKA[angka].capitalize(), _persamaan_lampiran(tulis, a)))
            _sumber_tree(a, sumber)
        for angka in ("target_k", "realisasi_k"):
            if angka in r.asal:
                _sumber_tree(r.asal[angka], sumber)
        hasil.append(BarisLampiran(len(hasil) + 1, r.nama_baris, r.indikator or "", rumus, sumber_singkat(sumber.values())))
    if laporan.asal_rata_rata is not None:
        rumus = [("Rata-rata capaian kinerja", tulis.persamaan(laporan.asal_rata_rata))]
        if laporan.asal_predikat is not None:
            rumus.append(("Predikat", tulis.persamaan(laporan.asal_predikat)))
        hasil.append(BarisLampiran(len(hasil) + 1, f"Rata-rata ({laporan.tingkat_teks})", "", rumus, []))
    return hasil
