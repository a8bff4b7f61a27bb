"""The national nomenclature list as a file in the admin (rules: ``organisasi.impor_ekspor``).

One row per program, kegiatan or sub kegiatan of a year, keyed by (year, code). The code may be
written in the national form (``7.01.01.2.01.0001``) or the E.81 form; ``renja.kode`` reads it and
it is stored in the national form. Urusan and bidang urusan rows are not part of the list.
"""

from __future__ import annotations

import re

from import_export.fields import Field
from import_export.widgets import CharWidget, IntegerWidget

from organisasi.impor_ekspor import Galat, Kolom, SumberDaftarTahunan, tahun, teks
from renja.kode import KodeTidakValid, parse_kode
from renja.models import Nomenklatur

_RE_URUSAN = re.compile(r"\d(\.\d{2})?", re.ASCII)


class NomenklaturResource(SumberDaftarTahunan):
    K_TAHUN, K_KODE, K_NAMA, K_TINGKAT = "Tahun", "Kode", "Nomenklatur", "Tingkat"
    kolom = (
        Kolom(K_TAHUN, isi_wajib=True),
        Kolom(K_KODE, "kode", isi_wajib=True),
        Kolom(K_NAMA, "nama", isi_wajib=True),
    )
    petunjuk = (
        "Baris dicocokkan lewat tahun dan kode; kode boleh ditulis dalam bentuk nomenklatur (7.01.01.2.01.0001) atau "
        "E.81 (7.01.01.201.01). Bila nomenklatur suatu tahun sudah dimuat, workbook perencanaan tahun itu menolak kode "
        "program, kegiatan dan sub kegiatan yang tidak ada di dalamnya."
    )

    tahun = Field(attribute="tahun", column_name=K_TAHUN, widget=IntegerWidget(coerce_to_string=False))
    kode = Field(attribute="kode", column_name=K_KODE, widget=CharWidget())
    nama = Field(attribute="nama", column_name=K_NAMA, widget=CharWidget())
    tingkat = Field(attribute="tingkat", column_name=K_TINGKAT, widget=CharWidget(), readonly=True)

    class Meta:
        model = Nomenklatur
        name = "Nomenklatur nasional"
        fields = ("tahun", "kode", "nama", "tingkat")
        import_order = export_order = fields
        use_bulk = True
        batch_size = 1000

    def dehydrate_tingkat(self, n):
        return n.get_tingkat_display()

    def bersihkan(self, sel, galat: Galat):
        th = tahun(sel[self.K_TAHUN], self.K_TAHUN, galat)
        t = teks(sel[self.K_KODE])
        kode = None
        if _RE_URUSAN.fullmatch(t):
            galat(
                self.K_KODE,
                f"'{t}' adalah kode urusan atau bidang urusan; daftar ini hanya memuat program, kegiatan dan sub kegiatan. Hapus baris ini.",
            )
        else:
            try:
                kode = parse_kode(t)
            except KodeTidakValid as exc:
                galat(self.K_KODE, str(exc))
        if galat:
            return {}
        return {"tahun": th, "kode": kode.nasional, "tingkat": kode.level, "nama": teks(sel[self.K_NAMA])}

    def terapkan(self, instance, b):
        instance.tahun, instance.kode, instance.tingkat, instance.nama = b["tahun"], b["kode"], b["tingkat"], b["nama"]
