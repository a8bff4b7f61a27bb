"""The completeness check links only to pages its reader can open (decisions §6, "Who reads what").

The OPD LKj is submitted by the sekcam, but its BAB I is typed on the camat's narrative page, which a
jabatan below the camat may not open (a 404); the OPD's own master data is kept in the admin, which only
the operator may open. Such a section is listed without a link, saying who fills it. A long list in the
refusal's message is cut after a few entries ("dan N lainnya"); the page keeps the whole list.
"""

import re

from django.urls import reverse

from lkj.dokumen import data as D
from lkj.models import Narasi
from lkj.tinjauan import services as svc
from lkj.tinjauan.kelengkapan import LaporanBelumLengkap, bagian_kosong
from organisasi.models import Jabatan
from renja.models import Indikator, Realisasi

TW = {"tahun": 2025, "triwulan": 3}


def _kosongkan_lkj_opd(opd):
    """BAB I D empty and every measured sasaran / program row of the OPD LKj without its TW III realisation."""
    Narasi.objects.filter(opd=opd, jabatan=None, **TW).update(aspek_strategis="")
    d = D.data_lkj_opd(opd, 2025, 3)
    ids = [r.indikator_obj.pk for r in (*d.sasaran, *d.program) if r.indikator_obj is not None]
    Realisasi.objects.filter(indikator_id__in=ids, indikator__sumber_realisasi=Indikator.SumberRealisasi.INPUT, **TW).delete()


def _daftar_kosong(html: str) -> str:
    return html[html.index('class="alert alert-warning small kosong"') :].split("</div>")[0]


def test_the_sekcam_is_linked_only_to_pages_he_may_open_and_told_who_fills_the_others(client, opd, sekcam, camat, operator):
    _kosongkan_lkj_opd(opd)
    kepala = Jabatan.objects.get(opd=opd, jenis=Jabatan.Jenis.KEPALA_OPD)
    narasi_camat = reverse("entri:narasi", args=[kepala.pk, 2025, 3])
    client.force_login(sekcam)
    daftar = _daftar_kosong(client.get(reverse("tinjauan:laporan_opd", args=[opd.kode, 2025, 3])).content.decode())
    assert narasi_camat not in daftar
    assert "BAB I D. Aspek strategis organisasi — diisi oleh SAMSUL NURUL HUDA, SE (Camat Kedungjajang)" in daftar
    tautan = re.findall(r'href="([^"]+)"', daftar)
    assert tautan, daftar  # the rows of jabatan below him keep their link
    for url in tautan:
        assert client.get(url).status_code == 200, url
    assert len(re.findall(r"<li>", daftar)) == len(bagian_kosong(opd, 2025, 3))  # the page lists every one

    # the camat types it himself; the operator, who may submit the OPD LKj too, opens every page
    assert bagian_kosong(opd, 2025, 3, pembaca=camat)[0].url == narasi_camat
    client.force_login(operator)
    daftar = _daftar_kosong(client.get(reverse("tinjauan:laporan_opd", args=[opd.kode, 2025, 3])).content.decode())
    assert f'<a href="{narasi_camat}">BAB I D. Aspek strategis organisasi</a>' in daftar


def test_only_the_operator_is_sent_to_the_admin_for_the_opds_own_data(client, opd, staf, operator):
    jab = staf.pegawai.penugasan.get().jabatan
    opd.peraturan_tupoksi = ""
    opd.save()
    admin = reverse("admin:organisasi_perangkatdaerah_change", args=[opd.pk])
    (k,) = bagian_kosong(opd, 2025, 3, jab, pembaca=staf)
    assert (k.url, k.siapa) == ("", "diisi operator perangkat daerah di data perangkat daerah")
    assert [k.url for k in bagian_kosong(opd, 2025, 3, jab, pembaca=operator)] == [admin]
    client.force_login(staf)
    daftar = _daftar_kosong(client.get(reverse("tinjauan:laporan", args=[opd.kode, 2025, 3, jab.pk])).content.decode())
    assert "/admin/" not in daftar and "diisi operator perangkat daerah" in daftar


def test_a_long_refusal_names_the_first_sections_and_counts_the_rest(opd, sekcam):
    _kosongkan_lkj_opd(opd)
    semua = bagian_kosong(opd, 2025, 3)
    assert len(semua) > 5  # more than the message names
    try:
        svc.laporan_ajukan(opd=opd, oleh=sekcam, **TW)
    except LaporanBelumLengkap as e:
        pesan = str(e)
        assert len(e.kosong) == len(semua)
    else:
        raise AssertionError("laporan kosong terajukan")
    assert f"{len(semua)} bagian wajib masih kosong — 1) {semua[0].bagian}; " in pesan
    assert f"5) {semua[4].bagian}; dan {len(semua) - 5} lainnya." in pesan and "6)" not in pesan
