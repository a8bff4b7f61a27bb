"""Pegawai and jabatan as files in the admin (``organisasi.impor_ekspor`` holds the rules).

Natural keys, the same the planning workbook uses (``perencanaan.workbook``):

* a **pegawai** by NIP; a non-ASN pegawai (no NIP) by name within the pemda. A row with a NIP not yet
  stored that names the one pegawai of the pemda stored without NIP gives him that NIP. Names are
  unique within the pemda, because the planning workbook refers to pegawai by name. The login account
  is linked in the admin form only: a file must not hand a jabatan's rights to an account.
* a **jabatan** by its code within the pemda (the workbook's "Kode"), not by OPD and name: one OPD has
  several jabatan of the same name (two "Pengadministrasi Perkantoran Sub Bagian Keuangan" held by two
  people). The atasan is named by its code, may be a row further down the same file, and the tree
  must stay a tree (no jabatan above itself).

Both are printed master data outside the quarter lock (``organisasi.kunci``): each row is saved on its
own, so its ``DataTercetak`` signal moves every OPD's data stamp and draft documents render anew; a
signed document keeps the bytes that were signed. A user who is not a superuser imports jabatan only
of the OPDs he belongs to (``organisasi.akses``).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from import_export.fields import Field
from import_export.widgets import CharWidget

from dasar import format as fmt
from organisasi.akses import opd_data_induk, pemda_dikelola
from organisasi.impor_ekspor import Galat, Kolom, SumberDataInduk, teks
from organisasi.models import Jabatan, Pegawai, Pemda, PerangkatDaerah, TriwulanTerkunci, Unit

_RE_NIP = re.compile(r"\d{8} \d{6} \d \d{3}", re.ASCII)
_RE_KODE_JABATAN = re.compile(r"[-a-zA-Z0-9_]{1,40}", re.ASCII)


def nip_baku(nilai) -> tuple[str | None, str | None]:
    """(NIP in the printed form, refusal): "19830608 201001 1 034" or its 18 digits run together."""
    if isinstance(nilai, (int, float)) and not isinstance(nilai, bool):
        return None, "NIP terbaca sebagai angka (Excel membulatkan 18 angka); ketik NIP sebagai teks, mis. 19830608 201001 1 034."
    t = teks(nilai)
    if not t:
        return None, None
    polos = re.sub(r"\s+", "", t)
    if polos.isascii() and polos.isdigit() and len(polos) == 18:
        t = f"{polos[:8]} {polos[8:14]} {polos[14]} {polos[15:]}"
    if not _RE_NIP.fullmatch(t):
        return None, f"'{teks(nilai)}' bukan NIP: harus 18 angka dengan format 19830608 201001 1 034."
    return t, None


def pilihan(nilai: str, choices) -> str | None:
    """An enum value given as its value or its label, case-insensitively; None when unknown."""
    t = nilai.strip().lower()
    for v, label in choices:
        if t in (v.lower(), str(label).lower(), v.replace("_", " ").lower()):
            return v
    return None


class _PemdaDariBerkas:
    # Whether an OPD's operator writes rows of this kind for his OPD (jabatan), or only the pemda's administrator
    # (pegawai: the pemda's own rows). The admin's forms follow the same rule (organisasi.admin.DibatasiPemda).
    operator_menulis = False

    def _siapkan_pemda(self):
        self._pemda = {p.kode: p for p in Pemda.objects.all()}
        # Whose rows this user may write: every pemda for a superuser; else the pemda he administers, and for
        # a kind an OPD's operator writes, the pemda of the OPDs whose master data he keeps (opd_data_induk).
        u = self.pengguna
        if u is None or u.is_superuser:
            self._pemda_kelola = self._pemda_boleh = None
        else:
            self._pemda_kelola = set(pemda_dikelola(u).values_list("pk", flat=True))
            operator = set(opd_data_induk(u).values_list("pemda_id", flat=True)) if self.operator_menulis else set()
            self._pemda_boleh = self._pemda_kelola | operator
        self._tertanda = TriwulanTerkunci.objects.select_related("opd").order_by("-tahun", "-triwulan").first()

    def _catat_cetak(self, lama: str, baru: str) -> None:
        """A printed name changes while signed documents exist: say what happens to them (master data is outside
        the quarter lock, ``organisasi.kunci``; the data stamp makes every draft render anew)."""
        if lama != baru and self._tertanda is not None:
            self.catatan.append(
                f"{lama} → {baru}: dokumen yang sudah ditandatangani (mis. {self._tertanda.dokumen}, "
                f"{fmt.triwulan(self._tertanda.triwulan)} {self._tertanda.tahun}) tetap memuat nama seperti saat ditandatangani; "
                "draf dan dokumen yang dibuat sesudah impor ini memuat nama baru."
            )

    def _pemda_dari(self, nilai, kolom, galat):
        kode = teks(nilai)
        pemda = self._pemda.get(kode)
        if pemda is None:
            ada = ", ".join(sorted(self._pemda)) or "belum ada"
            galat(kolom, f"pemda '{kode}' tidak dikenal (yang ada: {ada}).")
        elif self._pemda_boleh is not None and pemda.pk not in self._pemda_boleh:
            galat(kolom, f"pemda '{kode}' ({pemda.nama}) bukan pemda yang Anda kelola.")
            return None
        return pemda


class PegawaiResource(_PemdaDariBerkas, SumberDataInduk):
    K_PEMDA, K_NIP, K_NAMA = "Kode pemda", "NIP", "Nama dan gelar"
    kolom = (
        Kolom(K_PEMDA, isi_wajib=True),
        Kolom(K_NIP, "nip"),
        Kolom(K_NAMA, "nama", isi_wajib=True),
    )
    petunjuk = (
        "Baris dicocokkan dengan data tersimpan lewat NIP; pegawai non-ASN (NIP kosong) lewat namanya. "
        "Nama tidak boleh sama dengan pegawai lain (workbook perencanaan mengenali pegawai dari namanya). "
        "Akun pengguna tidak diubah lewat berkas: tautkan di formulir pegawai."
    )

    kode_pemda = Field(attribute="pemda__kode", column_name=K_PEMDA, widget=CharWidget())
    nip = Field(attribute="nip", column_name=K_NIP, widget=CharWidget())
    nama = Field(attribute="nama", column_name=K_NAMA, widget=CharWidget())

    class Meta:
        model = Pegawai
        name = "Pegawai"
        fields = ("kode_pemda", "nip", "nama")
        import_order = export_order = fields

    def get_queryset(self):
        return Pegawai.objects.select_related("pemda").order_by("pemda__kode", "nama")

    def siapkan(self, dataset):
        self._siapkan_pemda()
        self._per_nip = {p.nip: p for p in Pegawai.objects.filter(nip__isnull=False)}
        self._per_nama: dict[tuple, list[Pegawai]] = {}
        for p in Pegawai.objects.all():
            self._per_nama.setdefault((p.pemda_id, p.nama), []).append(p)

    def bersihkan(self, sel, galat: Galat):
        pemda = self._pemda_dari(sel[self.K_PEMDA], self.K_PEMDA, galat)
        nip, salah = nip_baku(sel[self.K_NIP])
        if salah:
            galat(self.K_NIP, salah)
        nama = teks(sel[self.K_NAMA])
        if galat:
            return {}
        return {"pemda": pemda, "nip": nip, "nama": nama}

    def kunci(self, b):
        # Names are the planning workbook's key for a pegawai: one name, one pegawai, in the file too.
        return ([(self.K_NIP, b["nip"])] if b["nip"] else []) + [(self.K_NAMA, (b["pemda"].pk, b["nama"]))]

    def cari(self, b):
        if b["nip"] and b["nip"] in self._per_nip:
            return self._per_nip[b["nip"]]
        tanpa_nip = [p for p in self._per_nama.get((b["pemda"].pk, b["nama"]), []) if not p.nip]
        if len(tanpa_nip) == 1:
            return tanpa_nip[0]  # stored without NIP so far: a NIP in the file is given to him
        return None

    def terapkan(self, instance, b):
        lain = [p for p in self._per_nama.get((b["pemda"].pk, b["nama"]), []) if p.pk != instance.pk]
        if lain:
            raise ValidationError(
                {
                    self.K_NAMA: [
                        f"nama ini sudah dipakai pegawai lain ({lain[0].nip_cetak}); workbook perencanaan mengenali pegawai "
                        "dari namanya, jadi bedakan namanya (mis. dengan gelar)."
                    ]
                }
            )
        if instance.pk:
            self._catat_cetak(f"{instance.nama} ({instance.nip_cetak})", f"{b['nama']} (NIP. {b['nip'] or '-'})")
        instance.pemda = b["pemda"]
        instance.nip = b["nip"]
        instance.nama = b["nama"]


class JabatanResource(_PemdaDariBerkas, SumberDataInduk):
    operator_menulis = True
    K_PEMDA, K_KODE, K_NAMA, K_JENIS = "Kode pemda", "Kode", "Nama jabatan", "Jenis"
    K_OPD, K_UNIT, K_ATASAN = "Kode OPD (SIPD)", "Unit (kode)", "Atasan (kode jabatan)"
    kolom = (
        Kolom(K_PEMDA, isi_wajib=True),
        Kolom(K_KODE, "kode", isi_wajib=True),
        Kolom(K_NAMA, "nama", isi_wajib=True),
        Kolom(K_JENIS, isi_wajib=True),
        Kolom(K_OPD),
        Kolom(K_UNIT),
        Kolom(K_ATASAN),
    )
    petunjuk = (
        "Baris dicocokkan lewat kode pemda dan kode jabatan (beberapa jabatan boleh bernama sama). Atasan ditulis "
        "dengan kode jabatannya dan boleh berada di baris mana pun berkas yang sama. Jenis: "
        + ", ".join(str(label) for _, label in Jabatan.Jenis.choices)
        + "."
    )

    kode_pemda = Field(attribute="pemda__kode", column_name=K_PEMDA, widget=CharWidget())
    kode = Field(attribute="kode", column_name=K_KODE, widget=CharWidget())
    nama = Field(attribute="nama", column_name=K_NAMA, widget=CharWidget())
    jenis = Field(attribute="jenis", column_name=K_JENIS, widget=CharWidget())
    kode_opd = Field(attribute="opd__kode", column_name=K_OPD, widget=CharWidget())
    unit = Field(attribute="unit__kode", column_name=K_UNIT, widget=CharWidget())
    atasan = Field(attribute="atasan__kode", column_name=K_ATASAN, widget=CharWidget())

    class Meta:
        model = Jabatan
        name = "Jabatan"
        fields = ("kode_pemda", "kode", "nama", "jenis", "kode_opd", "unit", "atasan")
        import_order = export_order = fields

    def dehydrate_jenis(self, jabatan):
        return jabatan.get_jenis_display()

    def get_queryset(self):
        return Jabatan.objects.select_related("pemda", "opd", "unit", "atasan")

    def filter_export(self, queryset, **kwargs):
        """Each atasan before the jabatan under him (the import takes any order; a reader follows this one
        better): per pemda and OPD (the kepala daerah first), then by depth in the signing tree."""
        atasan = dict(Jabatan.objects.values_list("pk", "atasan_id"))

        def kedalaman(pk):
            n, terlihat = 0, set()
            while atasan.get(pk) and pk not in terlihat:
                terlihat.add(pk)
                pk, n = atasan[pk], n + 1
            return n

        return sorted(queryset, key=lambda j: (j.pemda.kode, j.opd.kode if j.opd_id else "", kedalaman(j.pk), j.kode))

    # --- import

    def siapkan(self, dataset):
        self._siapkan_pemda()
        self._opd = {o.kode: o for o in PerangkatDaerah.objects.select_related("pemda")}
        self._unit = {(u.opd_id, u.kode): u for u in Unit.objects.all()}
        tersimpan = list(Jabatan.objects.select_related("pemda", "atasan"))
        self._jabatan = {(j.pemda_id, j.kode): j for j in tersimpan}
        self._opd_boleh = (
            None if self.pengguna is None or self.pengguna.is_superuser else set(opd_data_induk(self.pengguna).values_list("pk", flat=True))
        )

        # The signing tree as it would be after this file: stored atasan, overwritten by the file's.
        judul = list(dataset.headers)
        i_pemda, i_kode, i_atasan = (judul.index(k) for k in (self.K_PEMDA, self.K_KODE, self.K_ATASAN))
        baris = list(dataset)
        atasan_dari = {(j.pemda.kode, j.kode): (j.atasan.kode if j.atasan_id else "") for j in tersimpan}
        di_berkas = {}
        for r in baris:
            k = (teks(r[i_pemda]), teks(r[i_kode]))
            di_berkas.setdefault(k, r)
            atasan_dari[k] = teks(r[i_atasan])
        self._di_berkas = set(di_berkas)
        self._ada = set(atasan_dari)

        self._siklus = {}
        for pemda, kode in di_berkas:
            jalur, k = [kode], (pemda, atasan_dari.get((pemda, kode), ""))
            while k[1] and k in atasan_dari and k[1] not in jalur:
                jalur.append(k[1])
                k = (pemda, atasan_dari[k])
            if k[1] == kode and len(jalur) > 1:
                self._siklus[(pemda, kode)] = " → ".join([*jalur, kode])

        # Each atasan written before the rows under him (the file keeps its row numbers: KOLOM_BARIS).
        urutan, sudah, sisa = [], set(), baris
        while sisa:
            tunda = []
            for r in sisa:
                k = (teks(r[i_pemda]), teks(r[i_kode]))
                a = (k[0], teks(r[i_atasan]))
                if a[1] and a in di_berkas and a not in sudah and a != k and k not in self._siklus:
                    tunda.append(r)
                else:
                    urutan.append(r)
                    sudah.add(k)
            if len(tunda) == len(sisa):  # only what waits on a refused or duplicated row is left
                urutan += tunda
                break
            sisa = tunda
        if urutan != baris:
            dataset.wipe()
            dataset.headers = judul
            for r in urutan:
                dataset.append(r)

    def bersihkan(self, sel, galat: Galat):
        pemda = self._pemda_dari(sel[self.K_PEMDA], self.K_PEMDA, galat)
        kode = teks(sel[self.K_KODE])
        if not _RE_KODE_JABATAN.fullmatch(kode):
            galat(self.K_KODE, f"'{kode}' bukan kode jabatan: hanya huruf, angka, - dan _ (paling panjang 40).")
        jenis = pilihan(teks(sel[self.K_JENIS]), Jabatan.Jenis.choices)
        if jenis is None:
            galat(self.K_JENIS, f"'{teks(sel[self.K_JENIS])}' tidak dikenal; pilih {', '.join(str(x) for _, x in Jabatan.Jenis.choices)}.")

        kode_opd, opd = teks(sel[self.K_OPD]), None
        if jenis == Jabatan.Jenis.KEPALA_BAPPEDA and not kode_opd:
            pass  # a pemda-level jabatan, like the kepala daerah's
        elif jenis == Jabatan.Jenis.KEPALA_DAERAH:
            if kode_opd:
                galat(self.K_OPD, "jabatan kepala daerah tidak berada di perangkat daerah; kosongkan kolom ini.")
        elif not kode_opd:
            galat(self.K_OPD, "wajib diisi untuk jabatan selain kepala daerah.")
        elif kode_opd not in self._opd:
            galat(self.K_OPD, f"perangkat daerah '{kode_opd}' tidak dikenal.")
        else:
            opd = self._opd[kode_opd]
            if pemda is not None and opd.pemda_id != pemda.pk:
                galat(self.K_OPD, f"perangkat daerah {kode_opd} tercatat pada pemda {opd.pemda.kode}, bukan {pemda.kode}.")

        kode_unit, unit = teks(sel[self.K_UNIT]), None
        if kode_unit and opd is not None:
            unit = self._unit.get((opd.pk, kode_unit))
            if unit is None:
                galat(self.K_UNIT, f"unit '{kode_unit}' tidak ada di {opd.nama}.")
        elif kode_unit and jenis == Jabatan.Jenis.KEPALA_DAERAH:
            galat(self.K_UNIT, "jabatan kepala daerah tidak berada di unit kerja; kosongkan kolom ini.")

        kode_atasan = teks(sel[self.K_ATASAN])
        k = (pemda.kode if pemda else "", kode)
        if kode_atasan == kode and kode:
            galat(self.K_ATASAN, "jabatan tidak boleh menjadi atasan dirinya sendiri.")
        elif kode_atasan and (k[0], kode_atasan) not in self._ada:
            galat(self.K_ATASAN, f"jabatan '{kode_atasan}' tidak dikenal: tidak ada di berkas ini maupun di data tersimpan.")
        elif k in self._siklus:
            galat(self.K_ATASAN, f"rantai atasan berputar ({self._siklus[k]}); jabatan tidak boleh berada di atas dirinya sendiri.")

        if self._opd_boleh is not None and pemda is not None:
            lama = self._jabatan.get((pemda.pk, kode))
            bappeda = jenis == Jabatan.Jenis.KEPALA_BAPPEDA and opd is None
            if bappeda or jenis == Jabatan.Jenis.KEPALA_DAERAH or (lama is not None and lama.opd_id is None):
                if pemda.pk not in self._pemda_kelola:  # the pemda's own jabatan: its administrator's alone
                    galat(self.K_OPD, f"jabatan {'Kepala Bappeda' if bappeda else 'kepala daerah'} hanya dapat diubah administrator pemda.")
            elif (opd is not None and opd.pk not in self._opd_boleh) or (lama is not None and lama.opd_id not in self._opd_boleh):
                galat(self.K_OPD, "Anda tidak berwenang mengubah jabatan perangkat daerah ini.")
        if galat:
            return {}
        return {
            "pemda": pemda,
            "kode": kode,
            "nama": teks(sel[self.K_NAMA]),
            "jenis": jenis,
            "opd": opd,
            "unit": unit,
            "atasan": kode_atasan,
        }

    def kunci(self, b):
        return [(self.K_KODE, (b["pemda"].pk, b["kode"]))]

    def cari(self, b):
        return self._jabatan.get((b["pemda"].pk, b["kode"]))

    def terapkan(self, instance, b):
        atasan = None
        if b["atasan"]:
            # Stored, or written by an earlier row of this file (each atasan is written before his rows).
            atasan = Jabatan.objects.filter(pemda=b["pemda"], kode=b["atasan"]).first()
            if atasan is None:
                raise ValidationError(
                    {self.K_ATASAN: [f"jabatan '{b['atasan']}' tidak dapat disimpan karena barisnya di berkas ini ditolak."]}
                )
        if instance.pk:
            self._catat_cetak(instance.nama, b["nama"])
        instance.pemda = b["pemda"]
        instance.kode = b["kode"]
        instance.nama = b["nama"]
        instance.jenis = b["jenis"]
        instance.opd = b["opd"]
        instance.unit = b["unit"]
        instance.atasan = atasan
