"""Pages stay cheap as rows grow: the query count is the same for 1 and 150 rows, and no form nears the field limit."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from perjanjian.models import PKBaris
from renja.models import BuktiDukung, Indikator, Realisasi, SubKegiatan, Target

from .conftest import baris_pk, jabatan


def _tambah_baris(jab, n):
    """Give the jabatan's PK in force ``n`` more indicator rows, half of them filled with evidence."""
    pertama = baris_pk(jab)
    versi, opd = pertama.versi, jab.opd
    sub = SubKegiatan.objects.filter(kegiatan__program__opd=opd, kegiatan__program__tahun=2025).first()
    for k in range(n):
        ind = Indikator.objects.create(
            opd=opd,
            kode=f"uji-{k}",
            sub_kegiatan=sub,
            uraian=f"Indikator uji {k}",
            satuan="dokumen",
            jenis=Indikator.Jenis.JUMLAH,
            urutan=500 + k,
        )
        Target.objects.create(indikator=ind, tahun=2025, nilai=Decimal(4))
        PKBaris.objects.create(versi=versi, nomor=100 + k, sasaran="Sasaran uji", indikator=ind)
        if k % 2:
            r = Realisasi.objects.create(indikator=ind, tahun=2025, triwulan=3, nilai=Decimal(k % 5))
            BuktiDukung.objects.create(realisasi=r, indikator=ind, tahun=2025, triwulan=3, berkas="bukti/x.pdf", nama_asli="x.pdf")


def _hitung(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url, params)
    assert resp.status_code == 200
    return len(ctx.captured_queries), resp.content.decode()


@pytest.mark.usefixtures("tanpa_cache_pengukuran")
@pytest.mark.parametrize("halaman", ["index", "jabatan", "operator"])
def test_query_count_does_not_grow_with_rows(client, kasi_plt, operator, opd, halaman):
    jab = jabatan(opd, "Kasi Pelayanan Umum")
    if halaman == "index":
        client.force_login(kasi_plt)
        url, params = reverse("entri:index"), {"tahun": 2025, "triwulan": 3}
    elif halaman == "jabatan":
        client.force_login(operator)
        url, params = reverse("entri:jabatan", args=[jab.pk, 2025, 3]), {}
    else:
        client.force_login(operator)
        url, params = reverse("entri:operator"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3}
    _hitung(client, url, **params)  # warm caches (content types, session)
    sedikit, html = _hitung(client, url, **params)
    assert html.count('class="card baris') >= 1 or halaman == "operator"
    _tambah_baris(jab, 150)
    banyak, html = _hitung(client, url, **params)
    assert "Indikator uji 149" in html
    assert banyak == sedikit


def test_a_150_row_grid_posts_row_by_row_far_below_the_field_limit(client, kasi_plt, opd):
    jab = jabatan(opd, "Kasi Pelayanan Umum")
    _tambah_baris(jab, 150)
    client.force_login(kasi_plt)
    html = client.get(reverse("entri:index")).content.decode()
    forms = re.findall(r"<form\b.*?</form>", html, flags=re.S)
    assert len(forms) > 300  # a save form and an upload form per row
    terbesar = max(len(re.findall(r"<(?:input|textarea|select)\b", f)) for f in forms)
    batas = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or 1000
    assert terbesar < 30 < batas
    # and one row's save really goes through on its own
    ind = Indikator.objects.get(kode="uji-0")
    resp = client.post(reverse("entri:baris_simpan", args=[jab.pk, 2025, 3, ind.pk]), {"nilai": "2", "versi": "0"}, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and "50,00%" in resp.content.decode()


@pytest.mark.usefixtures("tanpa_cache_pengukuran")
def test_kinerja_saya_costs_the_same_queries_for_one_jabatan_as_for_three(client, kasi_plt, opd):
    """A Plt. holding several jabatan (the kasubag of the demo holds three) gets one page of them all; whether each
    may be edited, and which rows another report froze, is read once for the page, not again per jabatan."""
    import datetime

    from organisasi.models import Penugasan

    client.force_login(kasi_plt)
    url, params = reverse("entri:index"), {"tahun": 2025, "triwulan": 3}
    _hitung(client, url, **params)  # warm caches (content types, session)
    sedikit, html = _hitung(client, url, **params)
    sebelum = html.count('<section class="jabatan')
    pegawai = kasi_plt.pegawai
    for nama in ("Kasi Pemerintahan", "Kasubag Keuangan"):
        Penugasan.objects.create(pegawai=pegawai, jabatan=jabatan(opd, nama), plt=True, mulai=datetime.date(2025, 7, 1))
    banyak, html = _hitung(client, url, **params)
    assert html.count('<section class="jabatan') == sebelum + 2
    assert ">Plt. Kasi Pemerintahan</h2>" in html and ">Plt. Kasubag Keuangan</h2>" in html
    assert banyak == sedikit
