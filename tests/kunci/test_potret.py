"""A page's one read of the freezes (``organisasi.kunci.Potret``) answers as the direct reads do: for every
jabatan of the demo, with its own report signed, another's under review and none, the same lock, the same
review and the same frozen rows; and a question it cannot answer is refused, not answered "not frozen"."""

import pytest
from django.contrib.auth import get_user_model

from lkj.entri import selectors as entri
from lkj.tinjauan import services as svc
from organisasi.kunci import Jejak, penahan, pesan, pesan_ditinjau
from organisasi.models import Jabatan, Penugasan
from organisasi.selectors import laporan_ditinjau, potret_kunci, triwulan_terkunci
from renja.models import Indikator

TAHUN, TW = 2025, 3


def _lewat_potret(opd):
    potret = potret_kunci([opd])
    hasil = {}
    for j in Jabatan.objects.filter(opd=opd).order_by("pk"):
        kunci = triwulan_terkunci(opd, TAHUN, TW, jabatan=j, potret=potret)
        tinjau = laporan_ditinjau(opd, TAHUN, TW, jabatan=j, potret=potret)
        hasil[j.pk] = (getattr(kunci, "pk", None), getattr(tinjau, "pk", None), entri.kunci_jabatan(j, TAHUN, TW, potret))
    return hasil, entri.indikator_beku(opd, TAHUN, TW, potret)


def _langsung(opd):
    """The same answers from the writers' own read (``penahan``, one question at a time), not from a potret."""
    hasil = {}
    for j in Jabatan.objects.filter(opd=opd).order_by("pk"):
        kunci = triwulan_terkunci(opd, TAHUN, TW, jabatan=j)
        tinjau = laporan_ditinjau(opd, TAHUN, TW, jabatan=j)
        baca = (True, "") if kunci is not None else (True, pesan_ditinjau(tinjau)) if tinjau is not None else (False, "")
        hasil[j.pk] = (getattr(kunci, "pk", None), getattr(tinjau, "pk", None), baca)
    beku = {}
    for i in Indikator.objects.filter(opd=opd).values_list("pk", flat=True):
        k = penahan([Jejak(opd.pk, TAHUN, (TW,), indikator=frozenset({i}))], untuk_tulis=False)
        if k is not None:  # no OPD-wide freeze in this test: each answer names a report printing the row
            beku[i] = pesan(k)
    return hasil, beku


def test_the_potret_answers_every_jabatan_as_the_direct_reads(opd):
    U = get_user_model().objects
    sudarmi = Jabatan.objects.get(opd=opd, nama="Kasubag Umum dan Kepegawaian")
    indah = Penugasan.objects.get(pegawai__user__username="indah").jabatan
    svc.laporan_ajukan(opd=opd, tahun=TAHUN, triwulan=TW, jabatan=sudarmi, oleh=U.get(username="sudarmi"))
    svc.laporan_ajukan(opd=opd, tahun=TAHUN, triwulan=TW, jabatan=indah, oleh=U.get(username="indah"))
    svc.laporan_tanggapi(opd=opd, tahun=TAHUN, triwulan=TW, jabatan=indah, oleh=U.get(username="dhian"), tanggapan="sudah_baik")
    for penanda in ("indah", "dhian"):  # the holder and the atasan each sign; the last signature freezes
        svc.laporan_tandatangani(opd=opd, tahun=TAHUN, triwulan=TW, jabatan=indah, oleh=U.get(username=penanda))

    langsung, beku = _langsung(opd)
    lewat_potret, beku_potret = _lewat_potret(opd)
    assert lewat_potret == langsung and beku_potret == beku
    assert langsung[indah.pk][2] == (True, "")  # signed: read-only
    assert langsung[sudarmi.pk][2][0] and "sedang diajukan" in langsung[sudarmi.pk][2][1]
    assert sum(1 for v in langsung.values() if v[2] == (False, "")) >= 10  # the others stay open
    assert beku  # the signed and the submitted reports' rows are frozen for the pages of others


def test_a_question_the_potret_cannot_answer_is_refused(opd):
    potret = potret_kunci([opd])
    with pytest.raises(ValueError):
        potret.penahan([Jejak(opd.pk + 1000, TAHUN, (TW,))])
    with pytest.raises(ValueError):  # a setting of the whole pemda: every OPD's freezes, not this potret's
        potret.penahan([Jejak(None, None, pemda_id=opd.pemda_id)])
