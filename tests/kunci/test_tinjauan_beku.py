"""Submitted is frozen (decisions §7) below every writer, not only in the entry pages' services.

INDAH submits her Laporan Kinerja Individu of TW III 2025 to her atasan DHIAN. From then on what
her report prints — her PK rows' indicators, her PK and her narrative — cannot move through the
ORM, the Django admin or the planning workbook, and the refusal names the report, who may take
it back and who may return it. What her report does not print stays open (a colleague's
narrative, the OPD narrative, an indicator of another PK, TW IV). Her atasan's own acts work:
returning it opens the rows again; approving keeps them frozen until both have signed.
"""

from decimal import Decimal

import pytest
from django.db import transaction

from lkj.models import Narasi
from lkj.tinjauan import services as svc
from lkj.tinjauan.models import Status
from organisasi.kunci import DataTerkunci
from organisasi.models import LaporanDitinjau, TriwulanTerkunci
from perencanaan.selectors import workbook_ekspor
from perencanaan.services import WorkbookError, workbook_import
from perencanaan.workbook import tulis_workbook
from perjanjian.models import PKBaris
from renja.models import Indikator, Realisasi
from tests.entri.conftest import camat, kasubag, operator, sekcam, staf, staf_lain
from tests.kunci.test_setiap_penulis import _formulir, _url

TW = {"tahun": 2025, "triwulan": 3}
LAPORAN = (
    "dibekukan karena Laporan Kinerja Individu Pengadministrasi Perkantoran Sub Bagian Keuangan (INDAH KURNIA, SE) "
    "sedang diajukan kepada DHIAN PUSPITASARI, S.TP"
)
SIAPA = ("INDAH KURNIA, SE dapat menariknya kembali", "DHIAN PUSPITASARI, S.TP dapat mengembalikannya")
OPD_LKJ = "dibekukan karena LKj Kecamatan Kedungjajang dan Formulir E.81 sedang diajukan kepada SAMSUL NURUL HUDA, SE"


@pytest.fixture
def jab_indah(staf):
    return staf.pegawai.penugasan.select_related("jabatan").get().jabatan


@pytest.fixture
def ind(demo):
    return Indikator.objects.get(kode="s01_202_04_dokumen_akuntansi")


@pytest.fixture
def diajukan(opd, jab_indah, staf):
    svc.laporan_ajukan(opd=opd, **TW, jabatan=jab_indah, oleh=staf)
    return jab_indah


def _ditolak(fungsi) -> str:
    with pytest.raises(DataTerkunci) as exc, transaction.atomic():
        fungsi()
    return " ".join(exc.value.messages)


def _baris_pk(jab, ind):
    return PKBaris.objects.filter(versi__perjanjian__jabatan=jab, indikator=ind).order_by("-versi__tanggal").first()


def _simpan(obj, **ubah):
    for k, v in ubah.items():
        setattr(obj, k, v)
    obj.save()


def test_every_orm_write_of_what_a_submitted_report_prints_is_refused_naming_the_report(opd, diajukan, ind):
    r = Realisasi.objects.get(indikator=ind, **TW)
    narasi = Narasi.objects.get(jabatan=diajukan, **TW)
    baris = _baris_pk(diajukan, ind)
    sebelum = (r.nilai, narasi.penutup, baris.target)
    for tulis in (
        lambda: Realisasi.objects.filter(pk=r.pk).update(nilai=Decimal(11)),
        lambda: _simpan(Realisasi.objects.get(pk=r.pk), nilai=Decimal(11)),
        lambda: Realisasi.objects.filter(pk=r.pk).delete(),
        # TW II is the TW III report's earlier figure (an index carries forward): refused as well
        lambda: Realisasi.objects.bulk_create([Realisasi(indikator=ind, tahun=2025, triwulan=2, nilai=Decimal(1))]),
        lambda: _simpan(Narasi.objects.get(pk=narasi.pk), penutup="Diubah setelah diajukan"),
        lambda: PKBaris.objects.filter(pk=baris.pk).update(target=Decimal(13)),
    ):
        pesan = _ditolak(tulis)
        assert "Data Triwulan III Tahun 2025" in pesan and LAPORAN in pesan, pesan
        assert all(s in pesan for s in SIAPA), pesan
    r.refresh_from_db(), narasi.refresh_from_db(), baris.refresh_from_db()
    assert (r.nilai, narasi.penutup, baris.target) == sebelum


def test_what_the_submitted_report_does_not_print_stays_open(opd, diajukan, ind, staf_lain):
    Realisasi.objects.create(indikator=ind, tahun=2025, triwulan=4, nilai=Decimal(1))  # the next quarter
    jab_dwi = staf_lain.pegawai.penugasan.get().jabatan
    narasi_dwi, _ = Narasi.objects.get_or_create(opd=opd, jabatan=jab_dwi, **TW)
    _simpan(narasi_dwi, penutup="Narasi rekan di sebelahnya")
    _simpan(Narasi.objects.get(opd=opd, jabatan=None, **TW), penutup="Narasi LKj perangkat daerah")
    dibekukan = LaporanDitinjau.objects.get(jabatan=diajukan).indikator_ids
    lain = Realisasi.objects.filter(indikator__opd=opd, nilai__isnull=False, **TW).exclude(indikator_id__in=dibekukan).first()
    assert Realisasi.objects.filter(pk=lain.pk).update(nilai=lain.nilai + 1) == 1


def test_the_admin_cannot_change_a_submitted_reports_figure_or_narrative(client, opd, diajukan, ind, operator):
    client.force_login(operator)
    r = Realisasi.objects.get(indikator=ind, **TW)
    narasi = Narasi.objects.get(jabatan=diajukan, **TW)
    for obj, bidang, baru in ((r, "nilai", "11"), (narasi, "penutup", "Diubah lewat admin")):
        data = _formulir(client, _url(obj, "change"))
        jawab = client.post(_url(obj, "change"), {**data, bidang: baru, "_save": "Simpan"})
        assert jawab.status_code == 302
        halaman = client.get(jawab["Location"]).content.decode()
        assert LAPORAN in halaman and SIAPA[0] in halaman, halaman[:2000]
    r.refresh_from_db(), narasi.refresh_from_db()
    assert r.nilai != Decimal(11) and narasi.penutup != "Diubah lewat admin"


def test_a_planning_workbook_changing_a_submitted_reports_target_is_refused_at_its_row(opd, diajukan, ind):
    buku = workbook_ekspor(opd, 2025)
    baris = next(b for b in buku["PK baris"] if b["jabatan"] == diajukan.kode and b["indikator"] == ind.kode and b["tanggal"].month == 9)
    baris["target"] = baris["target"] + 1
    with pytest.raises(WorkbookError) as exc:
        workbook_import(isi=tulis_workbook(buku), nama_file="perencanaan.xlsx", pratinjau=True)
    pesan = str(exc.value)
    assert "Lembar 'PK baris', baris" in pesan and LAPORAN in pesan and SIAPA[1] in pesan


def test_returning_the_report_opens_its_rows_again(opd, diajukan, ind, kasubag):
    svc.laporan_tanggapi(opd=opd, **TW, jabatan=diajukan, oleh=kasubag, tanggapan="target_realisasi", keterangan="Cek angka")
    assert Realisasi.objects.filter(indikator=ind, **TW).update(nilai=Decimal(11)) == 1


def test_approving_keeps_it_frozen_and_both_signatures_land(opd, diajukan, ind, staf, kasubag):
    p = {"opd": opd, **TW, "jabatan": diajukan}
    svc.laporan_tanggapi(**p, oleh=kasubag, tanggapan="sudah_baik")
    pesan = _ditolak(lambda: Realisasi.objects.filter(indikator=ind, **TW).update(nilai=Decimal(11)))
    assert "sudah disetujui DHIAN PUSPITASARI, S.TP dan menunggu tanda tangan" in pesan
    svc.laporan_tandatangani(**p, oleh=staf)
    lap = svc.laporan_tandatangani(**p, oleh=kasubag)
    assert lap.status == Status.DITANDATANGANI
    assert TriwulanTerkunci.objects.filter(jabatan=diajukan, **TW).exists()
    assert not LaporanDitinjau.objects.filter(jabatan=diajukan).exists()
    pesan = _ditolak(lambda: Realisasi.objects.filter(indikator=ind, **TW).update(nilai=Decimal(11)))
    assert "telah ditandatangani" in pesan


def test_a_submitted_opd_lkj_freezes_every_figure_and_its_narrative_not_the_individual_narratives(opd, sekcam, jab_indah):
    svc.laporan_ajukan(opd=opd, **TW, oleh=sekcam)
    r = Realisasi.objects.filter(indikator__opd=opd, nilai__isnull=False, **TW).first()
    assert OPD_LKJ in _ditolak(lambda: Realisasi.objects.filter(pk=r.pk).update(nilai=r.nilai + 1))
    lra = opd.lra_import.get(tahun=2025, bulan=9, aktif=True)
    assert OPD_LKJ in _ditolak(lambda: lra.baris.filter(pk=lra.baris.first().pk).update(realisasi_sd=Decimal(1)))
    assert OPD_LKJ in _ditolak(lambda: _simpan(Narasi.objects.get(opd=opd, jabatan=None, **TW), penutup="Diubah"))
    _simpan(Narasi.objects.get(jabatan=jab_indah, **TW), penutup="Narasi individu tetap miliknya")
