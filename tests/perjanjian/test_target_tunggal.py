"""One indicator, one target per quarter (architecture: "An indicator on two PKs in force must carry one target").

Two PKs in force at a quarter's end may both carry an indicator, but not with different targets: the
quarter's capaian would depend on which PK is asked. The planning workbook refused it inside one file;
the rule now holds below every writer, so a second workbook (holding only one of the two PKs), the
admin and a script are refused too, with the indicator, both PKs and the version dates named.

On the demo: INDAH's and DWI's PKs are both Perubahan PK of 01-09-2025, in force at the end of TW III
and IV; INDAH's carries "s01_202_04_dokumen_akuntansi" with target 12.
"""

from decimal import Decimal

import pytest
from django.db import transaction

from organisasi.models import Jabatan
from perencanaan.selectors import workbook_ekspor
from perencanaan.services import WorkbookError, workbook_import
from perencanaan.workbook import tulis_workbook
from perjanjian.models import PKBaris, PKVersi, TargetGanda
from renja.models import Indikator
from tests.entri.conftest import operator
from tests.kunci.test_setiap_penulis import _formulir, _url

KODE = "s01_202_04_dokumen_akuntansi"


@pytest.fixture
def ind(demo):
    return Indikator.objects.get(kode=KODE)


@pytest.fixture
def versi_dwi(opd):
    return PKVersi.objects.get(perjanjian__jabatan__kode="pengadm_keu_dwi", perjanjian__tahun=2025)


def _pesan_benar(pesan, ind):
    """The refusal names the indicator, the PK already carrying another target and its version's date."""
    assert f"\u201c{ind.uraian}\u201d" in pesan, pesan
    assert "PK Pengadministrasi Perkantoran Sub Bagian Keuangan (INDAH KURNIA, SE) versi 01-09-2025" in pesan, pesan
    assert "Triwulan III" in pesan and "satu target" in pesan, pesan


def _tambah_baris(versi, ind, target):
    return PKBaris.objects.create(versi=versi, nomor=9, sasaran="Tersedianya dokumen akuntansi", indikator=ind, target=target)


def test_a_second_pk_carrying_the_indicator_with_another_target_is_refused_through_the_orm(versi_dwi, ind):
    with pytest.raises(TargetGanda) as exc, transaction.atomic():
        _tambah_baris(versi_dwi, ind, Decimal(10))
    _pesan_benar(" ".join(exc.value.messages), ind)
    assert not PKBaris.objects.filter(versi=versi_dwi, indikator=ind).exists()

    baris = _tambah_baris(versi_dwi, ind, Decimal(12))  # the same target: allowed
    for ubah in (
        lambda: PKBaris.objects.filter(pk=baris.pk).update(target=Decimal(10)),
        lambda: PKBaris.objects.bulk_update(
            [PKBaris(pk=baris.pk, versi=versi_dwi, nomor=9, indikator=ind, target=Decimal(10))], ["target"]
        ),
    ):
        with pytest.raises(TargetGanda), transaction.atomic():
            ubah()
    assert PKBaris.objects.get(pk=baris.pk).target == 12


def test_the_admin_says_so_on_the_pk_form_and_writes_nothing(client, operator, versi_dwi, ind):
    client.force_login(operator)
    data = _formulir(client, _url(versi_dwi, "change"))
    n = int(data["baris-TOTAL_FORMS"])
    baru = {
        "baris-TOTAL_FORMS": str(n + 1),
        f"baris-{n}-versi": str(versi_dwi.pk),
        f"baris-{n}-nomor": "9",
        f"baris-{n}-sasaran": "Tersedianya dokumen akuntansi",
        f"baris-{n}-indikator": str(ind.pk),
        f"baris-{n}-target": "10",
    }
    r = client.post(_url(versi_dwi, "change"), {**data, **baru, "_save": "Simpan"})
    assert r.status_code == 200  # the form again, with the reason
    _pesan_benar(r.content.decode(), ind)
    assert not PKBaris.objects.filter(versi=versi_dwi, indikator=ind).exists()
    r = client.post(_url(versi_dwi, "change"), {**data, **baru, f"baris-{n}-target": "12", "_save": "Simpan"})
    assert r.status_code == 302 and PKBaris.objects.filter(versi=versi_dwi, indikator=ind, target=12).exists()


def _buku(opd, ind, target, *, tanpa=None):
    """The demo's planning workbook with DWI's PK carrying the indicator; ``tanpa``: a jabatan whose PK the file leaves out."""
    buku = workbook_ekspor(opd, 2025)
    dwi = [b for b in buku["PK baris"] if b["jabatan"] == "pengadm_keu_dwi"]
    ada = next((b for b in dwi if b["indikator"] == ind.kode), None)
    if ada is None:
        buku["PK baris"].append({**dwi[0], "nomor": 9, "indikator": ind.kode, "sasaran": "Tersedianya dokumen akuntansi", "target": target})
    else:
        ada["target"] = target
    if tanpa:
        for lembar in ("PK versi", "PK baris", "PK anggaran"):
            buku[lembar] = [b for b in buku[lembar] if b["jabatan"] != tanpa]
    return tulis_workbook(buku)


def test_a_second_workbook_without_the_other_pk_cannot_give_the_indicator_another_target(opd, ind, versi_dwi):
    workbook_import(isi=_buku(opd, ind, Decimal(12)), nama_file="pertama.xlsx")  # the same target: in
    assert PKBaris.objects.get(versi=versi_dwi, indikator=ind).target == 12
    with pytest.raises(WorkbookError) as exc:
        workbook_import(isi=_buku(opd, ind, Decimal(10), tanpa="pengadm_keu_indah"), nama_file="kedua.xlsx")
    pesan = str(exc.value)
    assert "Lembar 'PK baris'" in pesan
    _pesan_benar(pesan, ind)
    assert PKBaris.objects.get(versi=versi_dwi, indikator=ind).target == 12


def test_one_workbook_changing_both_pks_alike_goes_in(opd, ind, versi_dwi):
    workbook_import(isi=_buku(opd, ind, Decimal(12)), nama_file="pertama.xlsx")
    buku = workbook_ekspor(opd, 2025)
    for b in buku["PK baris"]:
        if b["indikator"] == ind.kode:
            b["target"] = Decimal(14)
    workbook_import(isi=tulis_workbook(buku), nama_file="kedua.xlsx")
    assert set(PKBaris.objects.filter(indikator=ind).values_list("target", flat=True)) == {14}
    assert Jabatan.objects.filter(perjanjian__versi__baris__indikator=ind).distinct().count() == 2
