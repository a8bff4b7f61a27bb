"""The audit log shows what a value was before and after each change, at a fixed number of queries."""

from decimal import Decimal

from lkj.tinjauan.audit import log_audit
from renja import realisasi_services as rsvc
from renja.models import Indikator, Realisasi, Target


def _ikm(opd):
    return Indikator.objects.get(opd=opd, kode="ss1_ikm")


def _simpan(ind, staf, nilai, catatan=""):
    r = Realisasi.objects.filter(indikator=ind, tahun=2025, triwulan=3).first()
    rsvc.realisasi_simpan(
        indikator=ind, tahun=2025, triwulan=3, nilai=Decimal(nilai), catatan=catatan, oleh=staf, versi_diharapkan=r.versi if r else 0
    )


def test_a_changed_realisation_shows_old_and_new_value_in_indonesian(opd, staf):
    ind = _ikm(opd)
    assert Realisasi.objects.get(indikator=ind, tahun=2025, triwulan=3).nilai == Decimal("87.30")
    _simpan(ind, staf, "88.5", catatan="Survei SKM ulang")
    [b] = [b for b in log_audit(opd, objek="realisasi") if b.oleh == staf.pegawai.nama]
    assert b.apa == "diubah"
    assert "nilai 87,30 → 88,50" in b.rincian
    assert "catatan sumber data:" in b.rincian and "→ Survei SKM ulang" in b.rincian


def test_a_changed_target_and_a_new_one(opd, staf):
    ind = _ikm(opd)
    t = Target.objects.get(indikator=ind, triwulan=None)
    t.nilai = 86
    t.save()
    Target.objects.create(indikator=ind, tahun=2025, triwulan=4, nilai=Decimal("86.5"))
    teks = [b.rincian for b in log_audit(opd, objek="perencanaan")[:2]]
    assert "nilai 86,50" in teks and "nilai 85 → 86" in teks


def test_the_log_runs_the_same_queries_for_one_and_for_many_changes(opd, staf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ind = _ikm(opd)

    def hitung():
        with CaptureQueriesContext(connection) as q:
            log_audit(opd)
        return len(q.captured_queries)

    _simpan(ind, staf, "88")
    satu = hitung()
    for n in range(5):
        _simpan(ind, staf, str(89 + n))
    assert hitung() == satu


def test_a_changed_realisation_links_to_the_figures_it_moved_and_their_panels(client, opd, staf, camat):
    from django.urls import reverse

    from dasar import format as fmt
    from lkj.e81 import laporan_e81
    from lkj.selectors import pengukuran_opd

    ind = _ikm(opd)
    _simpan(ind, staf, "88.5")
    client.force_login(camat)
    html = client.get(reverse("tinjauan:audit", args=[opd.kode]), {"objek": "realisasi"}).content.decode()
    baris = next(tr for tr in html.split("<tr>") if "nilai 87,30 → 88,50" in tr)
    e81 = laporan_e81(pengukuran_opd(opd, 2025, 3))
    [r] = [r for r in e81.rows if r.indikator_obj == ind]
    url = reverse("asal_angka", args=[opd.kode, 2025, 3, r.ref, "capaian_k"])
    assert "Menggerakkan:" in baris
    assert f'<a href="{url}">capaian kinerja {r.nama_baris} (E.81 Triwulan III 2025)</a>' in baris
    # a row whose figures do not stand on this realisation is not named
    lain = next(x for x in e81.rows if x.indikator_obj is not None and x.indikator_obj != ind and x.level == "sub_kegiatan")
    assert reverse("asal_angka", args=[opd.kode, 2025, 3, lain.ref, "capaian_k"]) not in baris
    # the link opens that figure's explanation, which shows the new value
    panel = client.get(url).content.decode()
    assert fmt.persen(r.capaian_k) in panel and "88,50" in panel


def test_the_lra_upload_of_a_quarters_last_month_links_to_the_budget_figures(client, opd, camat):
    from django.urls import reverse

    client.force_login(camat)
    html = client.get(reverse("tinjauan:audit", args=[opd.kode]), {"objek": "lra"}).content.decode()
    baris = next(tr for tr in html.split("<tr>") if "September" in tr and "diunggah" in tr)
    assert "Menggerakkan:" in baris and "pagu anggaran" in baris and "(E.81 Triwulan III 2025)" in baris
    assert "angka lain" in baris  # every budget row stands on it: the rest is counted, not listed
