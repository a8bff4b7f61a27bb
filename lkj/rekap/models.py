"""The pemda recap's per-OPD-quarter summary: what the dashboard shows of one OPD, kept so a page of
sixty OPDs reads it in a fixed number of queries instead of measuring sixty quarters.

A row is a cache, not a record: it is filed under the OPD's data stamp (``lkj.dokumen.stempel``) and
trusted only while that stamp is current; a stale row is computed again through the E.81
(``lkj.rekap.services.ringkasan_segarkan``). No document prints it and nothing else reads it, so it
sits outside the quarter lock and the stamp (``tests/dokumen/test_stempel.py``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from dasar.format import triwulan as romawi_tw


class RingkasanOpd(models.Model):
    opd = models.ForeignKey("organisasi.PerangkatDaerah", on_delete=models.CASCADE, related_name="+", verbose_name="perangkat daerah")
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan")
    stempel = models.CharField("stempel data", max_length=200)
    dihitung_pada = models.DateTimeField("dihitung pada", auto_now=True)
    # Formulir E.81 row d and e, as the E.81 itself computes them (lkj.e81.laporan_e81).
    rata_rata_capaian = models.DecimalField("rata-rata capaian kinerja", max_digits=12, decimal_places=4, null=True)
    rata_rata_anggaran = models.DecimalField("rata-rata capaian anggaran", max_digits=12, decimal_places=4, null=True)
    predikat = models.CharField("predikat", max_length=40, blank=True)
    tingkat_rata_rata = models.CharField("tingkat rata-rata", max_length=20, blank=True)
    catatan_lra = models.CharField("catatan LRA", max_length=120, blank=True)
    # The review (lkj.tinjauan.selectors.ikhtisar): the OPD LKj's state, whom it waits on, when it was signed.
    status_opd = models.CharField("status LKj perangkat daerah", max_length=16)
    menunggu = models.CharField("menunggu", max_length=300, blank=True)
    ditandatangani_pada = models.DateTimeField("ditandatangani pada", null=True)
    individu_tertanda = models.PositiveIntegerField("LKj individu ditandatangani", default=0)
    individu_jumlah = models.PositiveIntegerField("LKj individu", default=0)
    # Bappeda's evaluation of the newest signed E.81 (lkj.tinjauan.selectors.keadaan_evaluasi); empty: not signed.
    evaluasi = models.CharField("evaluasi Bappeda", max_length=40, blank=True)

    class Meta:
        verbose_name = "ringkasan triwulan perangkat daerah"
        verbose_name_plural = "ringkasan triwulan perangkat daerah"
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun", "triwulan"], name="rekap_ringkasan_opd_triwulan_unik"),
            models.CheckConstraint(condition=Q(triwulan__gte=1, triwulan__lte=4), name="rekap_ringkasan_triwulan_1_4"),
        ]

    def __str__(self):
        return f"{self.opd_id} {self.tahun} {romawi_tw(self.triwulan)}"


class CetakKabupaten(models.Model):
    """One "cetak seluruh kabupaten": every document of every OPD of the pemda for a quarter, rendered by the
    background workers (``lkj.rekap.cetak``). Its progress is read from the renders themselves
    (``CetakOpd.dokumen``, the ``lkj.DokumenRender`` rows): nothing here counts or can drift from them."""

    pemda = models.ForeignKey("organisasi.Pemda", on_delete=models.CASCADE, related_name="+", verbose_name="pemda")
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan")
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="diminta oleh"
    )
    diminta_pada = models.DateTimeField("diminta pada", auto_now_add=True)

    class Meta:
        verbose_name = "cetak seluruh kabupaten"
        verbose_name_plural = "cetak seluruh kabupaten"
        ordering = ["-diminta_pada", "-pk"]
        indexes = [models.Index(fields=["pemda", "tahun", "triwulan"], name="rekap_cetak_periode")]
        constraints = [models.CheckConstraint(condition=Q(triwulan__gte=1, triwulan__lte=4), name="rekap_cetak_triwulan_1_4")]

    def __str__(self):
        return f"Cetak {self.pemda_id} {self.tahun} {romawi_tw(self.triwulan)}"


class CetakOpd(models.Model):
    """One OPD's part of a ``CetakKabupaten``: the renders requested for it (``lkj.dokumen.services.dokumen_siapkan``,
    so a document already rendered for the OPD's current data stamp is the same row, not a new render)."""

    cetak = models.ForeignKey(CetakKabupaten, on_delete=models.CASCADE, related_name="bagian", verbose_name="cetak")
    opd = models.ForeignKey("organisasi.PerangkatDaerah", on_delete=models.CASCADE, related_name="+", verbose_name="perangkat daerah")
    # Set when its documents were requested (the background job ``tasks.cetak_opd``); empty: still waiting.
    disiapkan_pada = models.DateTimeField("disiapkan pada", null=True, blank=True)
    # Documents that could not even be requested (one line each, "<document>: <reason>").
    pesan = models.TextField("pesan galat penyiapan", blank=True)
    dokumen = models.ManyToManyField("lkj.DokumenRender", related_name="+", blank=True, verbose_name="dokumen")

    class Meta:
        verbose_name = "cetak perangkat daerah"
        verbose_name_plural = "cetak perangkat daerah"
        constraints = [models.UniqueConstraint(fields=["cetak", "opd"], name="rekap_cetak_opd_unik")]

    def __str__(self):
        return f"{self.cetak} {self.opd_id}"
