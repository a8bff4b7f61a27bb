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
