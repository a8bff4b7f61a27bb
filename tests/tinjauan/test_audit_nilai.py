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
    assert "Menggerakkan di E.81 Triwulan III 2025:" in baris
    assert f'<a href="{url}">capaian kinerja {r.nama_baris}</a>' in baris
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
    assert "Menggerakkan di E.81 Triwulan III 2025:" in baris and "pagu anggaran" in baris
    assert "angka lain" in baris  # every budget row stands on it: the rest is counted, not listed


def _baris_audit(client, opd, objek_teks, apa, **saring):
    from django.urls import reverse

    html = client.get(reverse("tinjauan:audit", args=[opd.kode]), saring).content.decode()
    return next(tr for tr in html.split("<tr>") if objek_teks in tr and f">{apa}</td>" in tr)


def test_a_pk_version_and_its_targets_link_the_quarters_they_are_in_force_at_not_the_ones_before(client, opd, staf, camat):
    """The Perubahan PK of 01-09-2025 moves TW III's capaian; TW II (entered here, so it has figures) keeps the Renja
    target, so a change to that one moves TW II's and not TW III's, where the PK row states the target."""
    from django.urls import reverse

    from dasar import format as fmt
    from lkj.e81 import laporan_e81
    from lkj.selectors import pengukuran_opd
    from perjanjian.models import PKBaris

    ind = _ikm(opd)
    rsvc.realisasi_simpan(indikator=ind, tahun=2025, triwulan=2, nilai=Decimal("86.1"), catatan="", oleh=staf, versi_diharapkan=0)
    pkb = PKBaris.objects.select_related("versi__perjanjian__jabatan").get(indikator=ind, versi__perjanjian__tahun=2025)
    v = pkb.versi
    assert (v.tanggal.day, v.tanggal.month) == (1, 9)
    pkb.target += 1
    pkb.save()
    v.nomor_dokumen = "800/17/427.80/2025"
    v.save()
    t = Target.objects.get(indikator=ind, tahun=2025, triwulan=None)
    t.nilai += 2
    t.save()

    def url(tw):
        [r] = [r for r in laporan_e81(pengukuran_opd(opd, 2025, tw)).rows if r.indikator_obj == ind]
        return reverse("asal_angka", args=[opd.kode, 2025, tw, r.ref, "capaian_k"])

    client.force_login(camat)
    for objek, apa in (
        (f"di PK {v.perjanjian.jabatan.nama} versi {v.tanggal:%d-%m-%Y}", "diubah"),
        (f"Perjanjian Kinerja {v.perjanjian.jabatan.nama} 2025", "diubah"),
    ):
        baris = _baris_audit(client, opd, objek, apa, objek="perencanaan")
        assert "Menggerakkan di E.81 Triwulan III 2025:" in baris and f'href="{url(3)}"' in baris
        assert "Triwulan II 2025" not in baris and url(2) not in baris
    assert f"target {fmt.nilai_kinerja(pkb.target - 1)} → {fmt.nilai_kinerja(pkb.target)}" in _baris_audit(
        client, opd, f"di PK {v.perjanjian.jabatan.nama}", "diubah", objek="perencanaan"
    )
    assert "nomor dokumen" in _baris_audit(
        client, opd, f"Perjanjian Kinerja {v.perjanjian.jabatan.nama} 2025", "diubah", objek="perencanaan"
    )

    renja = _baris_audit(client, opd, f"Target {ind.uraian} 2025 (tahunan)", "diubah", objek="perencanaan")
    assert "Menggerakkan di E.81 Triwulan II 2025:" in renja and f'href="{url(2)}"' in renja
    assert "Triwulan III 2025" not in renja and url(3) not in renja
    # quarters without any realisation (TW I, TW IV) are not measured nor named
    assert "Triwulan I 2025" not in renja and "Triwulan IV" not in renja
    # the TW II link opens the figure explained with the Renja target
    panel = client.get(url(2)).content.decode()
    assert fmt.nilai_kinerja(t.nilai) in panel and "Target Renja" in panel


def test_a_target_feeding_two_quarters_lists_their_figures_grouped_by_quarter(client, opd, staf, camat):
    """A PK row stating no target keeps the Renja one: changing that moves TW II and TW III, shown as two groups."""
    from django.urls import reverse

    from lkj.e81 import laporan_e81
    from lkj.selectors import pengukuran_opd
    from perjanjian.models import PKBaris

    ind = _ikm(opd)
    rsvc.realisasi_simpan(indikator=ind, tahun=2025, triwulan=2, nilai=Decimal("86.1"), catatan="", oleh=staf, versi_diharapkan=0)
    pkb = PKBaris.objects.get(indikator=ind, versi__perjanjian__tahun=2025)
    pkb.target = None
    pkb.save()
    t = Target.objects.get(indikator=ind, tahun=2025, triwulan=None)
    t.nilai += 2
    t.save()
    client.force_login(camat)
    baris = _baris_audit(client, opd, f"Target {ind.uraian} 2025 (tahunan)", "diubah", objek="perencanaan")
    grup = [g for g in baris.split('<div class="small mt-1 menggerakkan">')[1:]]
    assert [g.split(":")[0] for g in grup] == ["Menggerakkan di E.81 Triwulan II 2025", "Menggerakkan di E.81 Triwulan III 2025"]
    for tw, g in zip((2, 3), grup, strict=True):
        [r] = [r for r in laporan_e81(pengukuran_opd(opd, 2025, tw)).rows if r.indikator_obj == ind]
        assert f'href="{reverse("asal_angka", args=[opd.kode, 2025, tw, r.ref, "capaian_k"])}"' in g
