"""The registry of document kinds (``lkj.dokumen.jenis``) is the one place a kind is described.

Every registered kind builds and names its files; the documents page offers exactly the
registered kinds its reader may read; and a kind added to the registry alone is listed,
requested, rendered and downloaded without touching any other module.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lkj.dokumen import data as D
from lkj.dokumen import render, services
from lkj.dokumen.jenis import SPESIFIKASI, JenisDokumen, baca_anggota_opd
from lkj.dokumen.models import DokumenRender
from organisasi.models import Jabatan
from organisasi.selectors import jabatan_terlihat


def _halaman(client, user, opd):
    client.force_login(user)
    resp = client.get(reverse("dokumen:index"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3})
    assert resp.status_code == 200
    return [(b["jenis"], b["jabatan"].pk if b["jabatan"] else None, [f for f, _ in b["format"]]) for b in resp.context["baris"]]


def test_the_models_choices_are_the_registry(db):
    pilihan = [(j.kode, j.judul) for j in SPESIFIKASI.values()]
    assert list(DokumenRender._meta.get_field("jenis").choices) == pilihan
    assert DokumenRender.Jenis.choices == pilihan


def test_every_registered_kind_builds_its_html_its_spreadsheet_and_its_file_name(opd):
    sekcam = Jabatan.objects.get(opd=opd, kode="sekcam")
    tanggal = services.tanggal_baku(2025, 3)
    for spek in SPESIFIKASI.values():
        d = services.data_dokumen(spek.kode, opd, 2025, 3, sekcam if spek.per_jabatan else None, tanggal)
        assert spek.nama(d).strip(), spek.kode
        for f in spek.format:
            isi, buku, versi = services._bangun(spek.kode, f, d)
            assert "Kedungjajang" in isi and len(versi) == 64, spek.kode
            assert (buku is not None) == (f == "xlsx")
            if buku is not None:
                assert render.simpan_buku(buku).startswith(b"PK")  # a zip: an .xlsx file


def test_the_documents_page_lists_exactly_the_registered_kinds_its_reader_may_read(client, opd):
    ber_pk = D.jabatan_ber_pk(opd, 2025, 3)
    kantor = [j for j in SPESIFIKASI.values() if not j.per_jabatan]
    per_jabatan = [j for j in SPESIFIKASI.values() if j.per_jabatan]
    U = get_user_model().objects
    for nama in ("samsul", "dhian", "indah"):  # the camat, a kasubag with staff below her, a staff member
        user = U.get(username=nama)
        terlihat = jabatan_terlihat(user, opd, 2025, 3)  # "Who reads what": the holder and every jabatan above him
        harapan = [(j.kode, None, list(j.format)) for j in kantor]
        harapan += [
            (j.kode, jab.pk, list(j.format))
            for jab in ber_pk
            if terlihat is None or jab.pk in terlihat
            for j in per_jabatan
            if j.untuk_jabatan(jab)
        ]
        assert _halaman(client, user, opd) == harapan, nama

    samsul = _halaman(client, U.get(username="samsul"), opd)
    assert {j for j, _, _ in samsul} == set(SPESIFIKASI)  # the camat is offered every kind
    assert len(samsul) == 3 + 18 + 19  # LKj, E.81, LRA; 18 individual reports; 19 PKs
    indah = U.get(username="indah")
    assert {a for _, a, _ in _halaman(client, indah, opd) if a} == {indah.pegawai.penugasan.get().jabatan_id}


@pytest.fixture
def jenis_baru(monkeypatch):
    """A kind added by one registry entry and nothing else (it prints the LRA summary under another title)."""
    lra = SPESIFIKASI["lra"]
    baru = JenisDokumen(
        kode="uji",
        judul="Dokumen Uji Registri",
        template=lra.template,
        data=lra.data,
        nama=lambda d: f"Dokumen-Uji-{d.opd.nama}",
        pembaca=baca_anggota_opd,
    )
    monkeypatch.setitem(SPESIFIKASI, "uji", baru)
    return baru


def test_a_kind_added_to_the_registry_alone_is_listed_requested_rendered_and_downloaded(
    client, opd, jenis_baru, django_capture_on_commit_callbacks
):
    user = get_user_model().objects.get(username="gangsar")
    client.force_login(user)
    halaman = client.get(reverse("dokumen:index"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3}).content.decode()
    assert "Dokumen Uji Registri" in halaman and 'name="jenis" value="uji"' in halaman
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("dokumen:minta"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3, "jenis": "uji", "format": "pdf"})
    r = DokumenRender.objects.get(jenis="uji")
    assert r.status == DokumenRender.Status.SELESAI and r.nama_berkas == "dokumen-uji-kecamatan-kedungjajang-2025-tw3.pdf"
    assert reverse("dokumen:unduh", args=[r.pk]) in client.get(resp["Location"]).content.decode()
    resp = client.get(reverse("dokumen:unduh", args=[r.pk]))
    assert resp.status_code == 200 and b"".join(resp.streaming_content).startswith(b"%PDF")
    resp = client.post(
        reverse("dokumen:minta"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3, "jenis": "uji", "format": "xlsx"}, follow=True
    )
    assert "Dokumen ini hanya tersedia sebagai PDF." in resp.content.decode()
