"""The kode rekening list as a file in the admin (rules: ``organisasi.impor_ekspor``).

One row per account code of a year at any level (5, 5.1, … 5.1.02.01.01.0024), keyed by (year, code).
The code may be written with dots, as the list publishes it, or with spaces, as the LRA prints it;
``renja.kode`` reads it and it is stored with dots.
"""

from __future__ import annotations

from import_export.fields import Field
from import_export.widgets import CharWidget, IntegerWidget

from anggaran.models import KodeRekening
from organisasi.impor_ekspor import Galat, Kolom, SumberDaftarTahunan, tahun, teks
from renja.kode import KodeTidakValid, parse_rekening


class KodeRekeningResource(SumberDaftarTahunan):
    K_TAHUN, K_KODE, K_NAMA, K_TINGKAT = "Tahun", "Kode rekening", "Uraian", "Tingkat"
    kolom = (
        Kolom(K_TAHUN, isi_wajib=True),
        Kolom(K_KODE, "kode", isi_wajib=True),
        Kolom(K_NAMA, "nama", isi_wajib=True),
    )
    petunjuk = (
        "Baris dicocokkan lewat tahun dan kode rekening (5.1.02.01.01.0024, atau seperti LRA: 5 1 02 01 01 0024). "
        "Bila daftar suatu tahun sudah dimuat, impor LRA tahun itu memperingatkan kode rekening yang tidak ada di dalamnya."
    )

    tahun = Field(attribute="tahun", column_name=K_TAHUN, widget=IntegerWidget(coerce_to_string=False))
    kode = Field(attribute="kode", column_name=K_KODE, widget=CharWidget())
    nama = Field(attribute="nama", column_name=K_NAMA, widget=CharWidget())
    tingkat = Field(attribute="tingkat", column_name=K_TINGKAT, widget=CharWidget(), readonly=True)

    class Meta:
        model = KodeRekening
        name = "Kode rekening"
        fields = ("tahun", "kode", "nama", "tingkat")
        import_order = export_order = fields
        use_bulk = True
        batch_size = 1000

    def bersihkan(self, sel, galat: Galat):
        th = tahun(sel[self.K_TAHUN], self.K_TAHUN, galat)
        kode = None
        try:
            kode = parse_rekening(teks(sel[self.K_KODE]))
        except KodeTidakValid as exc:
            galat(self.K_KODE, str(exc))
        if galat:
            return {}
        return {"tahun": th, "kode": kode.teks, "nama": teks(sel[self.K_NAMA])}

    def terapkan(self, instance, b):
        instance.tahun, instance.kode, instance.nama = b["tahun"], b["kode"], b["nama"]
