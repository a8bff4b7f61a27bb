"""Personas of the entry pages, on the Kedungjajang 2025 demo.

* ``kasubag``  — dhian: Kasubag Keuangan, also Bendahara and Plt. Kasi Pemerintahan
* ``kasi_plt`` — sudarmi: Plt. Kasi Pelayanan Umum (PATEN indicator, persentase)
* ``staf``     — indah: staff under Kasubag Keuangan
* ``staf_lain``— dwi: indah's colleague beside her (neither is the other's atasan)
* ``sekcam``   — bambang: atasan of Kasubag Keuangan
* ``camat``    — samsul: two levels above indah
* ``operator`` — the demo's superuser (operator of every OPD), acting for holders
* ``staf_opd_lain`` — a pegawai holding a jabatan in another OPD
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model

from organisasi.models import Jabatan, Pegawai, Penugasan, PerangkatDaerah
from perjanjian.models import PKBaris


def _user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def kasubag(demo):
    return _user("dhian")


@pytest.fixture
def kasi_plt(demo):
    return _user("sudarmi")


@pytest.fixture
def staf(demo):
    return _user("indah")


@pytest.fixture
def staf_lain(demo):
    return _user("dwi")


@pytest.fixture
def sekcam(demo):
    return _user("bambang")


@pytest.fixture
def camat(demo):
    return _user("samsul")


@pytest.fixture
def operator(demo):
    return _user("operator")


@pytest.fixture
def staf_opd_lain(demo, opd):
    lain = PerangkatDaerah.objects.create(pemda=opd.pemda, kode="7.01.0.00.0.00.22.0000", kode_urusan="7.01", nama="Kecamatan Lain")
    jab = Jabatan.objects.create(pemda=opd.pemda, opd=lain, kode="lain-staf", nama="Staf Kecamatan Lain", jenis=Jabatan.Jenis.STAF)
    user = get_user_model().objects.create_user("orang_lain", password="x-sangat-panjang-1")
    peg = Pegawai.objects.create(pemda=opd.pemda, nama="Orang Lain", user=user)
    Penugasan.objects.create(pegawai=peg, jabatan=jab, mulai=datetime.date(2025, 1, 1))
    return user


def jabatan(opd, nama):
    return Jabatan.objects.get(opd=opd, nama=nama)


def baris_pk(jab, kode_indikator=None):
    qs = (
        PKBaris.objects.filter(versi__perjanjian__jabatan=jab, versi__perjanjian__tahun=2025)
        .select_related("indikator")
        .order_by("-versi__tanggal", "nomor")
    )
    if kode_indikator:
        qs = qs.filter(indikator__kode=kode_indikator)
    return qs.first()


def png_bytes(size=(20, 10), exif=None):
    from PIL import Image

    buf = io.BytesIO()
    img = Image.new("RGB", size, "green")
    if exif is not None:
        img.save(buf, format="JPEG", exif=exif)
    else:
        img.save(buf, format="PNG")
    return buf.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
