"""Issue 13: the OPD LKj and the Laporan Kinerja Individu complete to the seed's structure, read back from
the PDFs; a draft marks what is missing, and submitting or signing is refused with the list of empty
sections, each linked to where it is filled (decisions §6)."""

import fcntl
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from anggaran.models import RealisasiAnggaran
from lkj.dokumen import data as D
from lkj.models import Dokumentasi, Narasi
from lkj.tinjauan import services as svc
from lkj.tinjauan.kelengkapan import LaporanBelumLengkap, bagian_kosong
from lkj.tinjauan.models import Status
from organisasi.models import Jabatan
from tests.dokumen import cetak
from tests.dokumen.conftest import _folder_bersama
from tests.entri.conftest import camat, kasubag, png_bytes, sekcam, staf

TW = {"tahun": 2025, "triwulan": 3}
_CACHE = {}


def _html(opd, kode, jab=None):
    from lkj.dokumen import render, services
    from lkj.dokumen.jenis import SPESIFIKASI

    d = services.data_dokumen(kode, opd, 2025, 3, jab, services.tanggal_baku(2025, 3))
    return render.html(SPESIFIKASI[kode].template, services.konteks(kode, d))


def _datar(teks: str) -> str:
    return re.sub(r"\s+", " ", teks)


@pytest.fixture
def foto_unit(opd):
    """A photo with its caption on the Kasi Pemerintahan's narrative (Seksi Pemerintahan) and one on the OPD's."""
    import datetime

    kasi = Jabatan.objects.get(kode="kasi_pem")
    hasil = []
    for jab, teks in ((kasi, "Rapat koordinasi Pilkades di Desa Bence"), (None, "Apel pagi seluruh pegawai kecamatan")):
        n = Narasi.objects.get(opd=opd, jabatan=jab, **TW)
        d = Dokumentasi(narasi=n, keterangan=teks, tanggal=datetime.date(2025, 9, 2), urutan=1)
        d.foto.save("foto.png", ContentFile(png_bytes((60, 40))), save=False)
        d.save()
        hasil.append(d)
    return hasil


@pytest.fixture
def cetakan(opd, foto_unit, tmp_path_factory):
    """The OPD LKj and the Kasi Pemerintahan's report with the photos above, rendered once per run and read
    back (every word on its page and no page without text, as for every document in test_cetak).

    Rendered in a test process (the photos live in the test's in-memory storage) by the first worker
    that needs them, under the run's file lock; the other worker reads the same PDFs back."""
    if "dua" not in _CACHE:
        from lkj.dokumen import render

        folder = _folder_bersama(tmp_path_factory) / "kelengkapan"
        folder.mkdir(exist_ok=True)
        with open(folder / ".kunci", "w") as kunci:
            fcntl.flock(kunci, fcntl.LOCK_EX)
            if not (folder / "selesai").exists():
                kasi = Jabatan.objects.get(kode="kasi_pem")
                html = {"lkj_opd": _html(opd, "lkj_opd"), "individu-kasi_pem": _html(opd, "individu", kasi)}
                for nama, isi in html.items():
                    (folder / f"{nama}.html").write_text(isi, encoding="utf-8")
                    (folder / f"{nama}.pdf").write_bytes(render.pdf(isi).isi)
                (folder / "selesai").write_text("")
        _CACHE["html"] = {nama: (folder / f"{nama}.html").read_text(encoding="utf-8") for nama in ("lkj_opd", "individu-kasi_pem")}
        _CACHE["dua"] = {
            nama: cetak.Cetakan(nama, folder / f"{nama}.pdf", cetak._kotak(folder / f"{nama}.pdf"), cetak._fon(folder / f"{nama}.pdf"))
            for nama in ("lkj_opd", "individu-kasi_pem")
        }
    return _CACHE["dua"]


@pytest.mark.pdf_asli
def test_the_completed_documents_keep_their_print_quality(cetakan):
    for nama, c in cetakan.items():
        assert cetak.kata_di_luar(c) == [], nama
        assert [i for i, h in enumerate(c.halaman, 1) if not cetak.isi_halaman(h)] == [], nama


@pytest.mark.pdf_asli
def test_bab_i_of_the_opd_lkj_has_every_section_of_the_seed_from_data_and_narrative(cetakan):
    teks = _datar(cetakan["lkj_opd"].teks)
    for judul in (
        "A. Latar Belakang",
        "B. Maksud dan Tujuan",
        "C. Gambaran Umum",
        "D. Aspek Strategis Organisasi",
        "E. Permasalahan Utama (Strategic Issued)",
        "F. Sistematika",
    ):
        assert judul in teks
    assert "Camat mempunyai fungsi" in teks.replace("camat mempunyai fungsi", "Camat mempunyai fungsi")
    assert "Sub Bagian Keuangan, sebagaimana dimaksud dalam Pasal 3 ayat (1) huruf b angka 2" in teks  # tupoksi
    assert "yakni Mengoptimalkan fasilitasi dan Koordinasi Kecamatan" in teks  # aspek strategis
    assert "1. Menurunnya kondisi dan kurangnya Sarana dan Prasarana" in teks  # permasalahan utama
    assert "3. Peraturan Perundang-undangan yang sering berubah" in teks
    # Before the E.81 lampiran (whose own draft marks say what its rows still miss) nothing is left empty.
    sebelum_e81 = teks.split("Periode Pelaksanaan: Tahun")[0]
    assert "masih kosong" not in sebelum_e81 and "belum diisi" not in teks.lower()


@pytest.mark.pdf_asli
def test_the_sotk_is_a_nested_list_following_the_unit_tree(opd, cetakan):
    teks = _datar(cetakan["lkj_opd"].teks)
    assert (
        "1. Camat Kedungjajang 2. Sekretariat Kecamatan, yang terdiri dari: a. Sub Bagian Umum dan Kepegawaian "
        "b. Sub Bagian Keuangan 3. Seksi Pemerintahan 4. Seksi Pelayanan Umum 5. Seksi Pemberdayaan Masyarakat dan Desa"
    ) in teks
    html = _CACHE["html"]["lkj_opd"]
    sotk = html[html.index('<ol class="sotk">') :]
    sotk = sotk[: sotk.index("</ol></li>") + 10]
    # the sub bagian sit inside the Sekretariat's own list item, not beside it
    assert re.search(
        r"<li>Sekretariat Kecamatan, yang terdiri dari:<ol[^>]*><li>Sub Bagian Umum dan Kepegawaian</li><li>Sub Bagian Keuangan</li></ol></li>",
        sotk,
    )
    sotk_data = D._sotk("Camat Kedungjajang", list(opd.units.order_by("pk")))
    assert [n.nama for n in sotk_data][:2] == ["Camat Kedungjajang", "Sekretariat Kecamatan"]
    assert [a.nama for a in sotk_data[1].anak] == ["Sub Bagian Umum dan Kepegawaian", "Sub Bagian Keuangan"]


@pytest.mark.pdf_asli
def test_the_sistematika_lists_the_chapters_and_sections_this_document_prints(cetakan):
    teks = _datar(cetakan["lkj_opd"].teks)
    awal = teks.index("F. Sistematika")
    sistematika = teks[awal : teks.index("Tabel 2.1", awal)]
    for nomor, judul, _u, bagian in D.BAB_OPD:
        assert f"{nomor} {judul}" in sistematika
        for kunci, t in bagian:
            if kunci == "b31d":  # the comparison is printed only where there is data to compare (none in the demo)
                assert t not in teks
                continue
            assert t in sistematika, t
            assert teks.count(t) >= 2, t  # listed, and printed as the section's own heading
    assert "LAMPIRAN" in sistematika and "Laporan Realisasi Anggaran bulan September 2025 per kode rekening" in sistematika


@pytest.mark.pdf_asli
def test_the_lampiran_prints_the_lra_per_kode_rekening_and_the_photos_per_unit(opd, cetakan):
    c = cetakan["lkj_opd"]
    teks = _datar(c.teks)
    assert "LAMPIRAN LAPORAN REALISASI ANGGARAN BULAN SEPTEMBER 2025" in teks
    baris = RealisasiAnggaran.objects.filter(lra_import__opd=opd, lra_import__bulan=9, lra_import__aktif=True)
    assert baris.count() > 0
    for r in baris.order_by("pk")[:5]:
        assert r.kode_rekening in teks
    # dokumentasi: each unit's heading, the picture itself, its caption and date
    lamp = teks[teks.index("LAMPIRAN DOKUMENTASI KEGIATAN") :]
    assert lamp.index("Kecamatan Kedungjajang") < lamp.index("Apel pagi seluruh pegawai kecamatan")
    assert lamp.index("Seksi Pemerintahan") < lamp.index("Rapat koordinasi Pilkades di Desa Bence")
    assert "02 September 2025" in lamp
    import subprocess

    gambar = subprocess.run(["pdfimages", "-list", str(c.pdf)], check=True, capture_output=True, text=True).stdout
    assert len([b for b in gambar.splitlines()[2:] if b.split()[2] == "image"]) >= 2


@pytest.mark.pdf_asli
def test_the_individual_report_has_its_intro_regulation_lampiran_and_total_lines_from_data(cetakan):
    teks = _datar(cetakan["individu-kasi_pem"].teks)
    assert (
        "Laporan Kinerja Individu ini memuat capaian kinerja Plt. Kasi Pemerintahan pada Seksi Pemerintahan "
        "Kecamatan Kedungjajang sampai dengan Triwulan III (Juli s.d. September) Tahun 2025" in teks
    )
    assert "pada Perubahan Perjanjian Kinerja tanggal 01 September 2025 dengan anggaran sebesar Rp 15.400.000." in teks
    assert (
        "Kecamatan Kedungjajang yang mempunyai tugas pokok sesuai Peraturan Bupati Lumajang Nomor 96 Tahun 2019 "
        "tentang Kedudukan, Susunan Organisasi, Uraian Tugas dan Fungsi serta Tata Kerja Kecamatan dan Kelurahan "
        "adalah membantu Bupati" in teks
    )
    lamp = teks[teks.rindex("LAMPIRAN") :]
    assert "1. Perubahan Perjanjian Kinerja Tahun 2025 Plt. Kasi Pemerintahan 2. Dokumentasi kegiatan" in teks
    assert "Rapat koordinasi Pilkades di Desa Bence" in lamp
    # Penyajian: a count sums the count done, a percentage divides Σ done by Σ planned
    assert "JUMLAH — Realisasi = 9 fasilitasi terlaksana dari 12 yang direncanakan" in teks
    assert "JUMLAH — Realisasi = 14 / 17 × 100% = 82,35%" in teks
    # efisiensi on the kegiatan rows of the cost table (the E.81's own figure)
    assert "7.01.06.201.01" in teks


def test_an_index_and_a_count_total_line_say_what_the_realisation_is():
    g = D.KelompokAktivitas("Indeks", (), None, None, D.Decimal("3.25"), "indeks", "")
    assert g.total_teks == "Realisasi (indeks) = 3,25"
    g = D.KelompokAktivitas("Jumlah", (), D.Decimal(12), D.Decimal(9), D.Decimal(9), "jumlah", "dokumen")
    assert g.total_teks == "Realisasi = 9 dokumen terlaksana dari 12 yang direncanakan"


def test_a_draft_marks_each_empty_section_as_draft_never_belum_diisi(opd):
    Narasi.objects.filter(opd=opd, jabatan=None, **TW).update(aspek_strategis="", permasalahan_utama=[], tupoksi="")
    html = _datar(re.sub(r"<[^>]+>", " ", _html(opd, "lkj_opd")))
    for bagian in (
        "uraian tugas pokok dan fungsi masih kosong.",
        "aspek strategis organisasi masih kosong.",
        "permasalahan utama masih kosong.",
    ):
        assert f"DRAF — {bagian}" in html
    assert "belum diisi" not in html.lower()
    assert [k.bagian for k in D.data_lkj_opd(opd, 2025, 3).kosong()] == [
        "BAB I C. Tugas pokok dan fungsi",
        "BAB I D. Aspek strategis organisasi",
        "BAB I E. Permasalahan utama",
    ]


def test_submitting_an_individual_report_with_empty_sections_is_refused_with_the_list(opd, staf):
    jab = staf.pegawai.penugasan.get().jabatan
    Narasi.objects.filter(jabatan=jab, **TW).update(faktor_penghambat=[], rencana_tindak_lanjut=[])
    with pytest.raises(LaporanBelumLengkap) as e:
        svc.laporan_ajukan(opd=opd, jabatan=jab, oleh=staf, **TW)
    assert str(e.value) == (
        "Laporan belum dapat diajukan: 2 bagian wajib masih kosong — 1) 2.3 Faktor penghambat; "
        "2) 2.4 Rencana tindak lanjut. Lengkapi dahulu bagian tersebut."
    )
    url = reverse("entri:narasi", args=[jab.pk, 2025, 3])
    assert [(k.bagian, k.url) for k in e.value.kosong] == [("2.3 Faktor penghambat", url), ("2.4 Rencana tindak lanjut", url)]
    assert not svc.Laporan.objects.filter(jabatan=jab, **TW).exclude(status=Status.DRAF).exists()


def test_a_row_without_realisation_links_to_its_entry_row(opd, staf):
    from renja.models import Realisasi

    jab = staf.pegawai.penugasan.get().jabatan
    baris = D.data_individu(opd, 2025, 3, jab).pk.baris[0]
    Realisasi.objects.filter(indikator=baris.indikator_obj, **TW).delete()
    kosong = bagian_kosong(opd, 2025, 3, jab)
    assert [k.bagian for k in kosong] == [f"Realisasi {baris.indikator}"]
    assert kosong[0].url == reverse("entri:jabatan", args=[jab.pk, 2025, 3]) + f"#baris-{jab.pk}-{baris.indikator_obj.pk}"


def test_the_report_page_refuses_submission_and_links_each_empty_section(client, opd, staf):
    jab = staf.pegawai.penugasan.get().jabatan
    Narasi.objects.filter(jabatan=jab, **TW).update(upaya=[])
    client.force_login(staf)
    halaman = reverse("tinjauan:laporan", args=[opd.kode, 2025, 3, jab.pk])
    r = client.post(reverse("tinjauan:aksi", args=[opd.kode, 2025, 3, jab.pk, "ajukan"]), {"catatan": ""}, follow=True)
    isi = r.content.decode()
    assert "Laporan belum dapat diajukan: 1 bagian wajib masih kosong — 1) 2.3 Upaya / solusi." in isi
    narasi = reverse("entri:narasi", args=[jab.pk, 2025, 3])
    assert f'<a href="{narasi}">2.3 Upaya / solusi</a>' in isi
    assert r.redirect_chain[-1][0] == halaman
    assert not svc.Laporan.objects.filter(jabatan=jab, **TW).exclude(status=Status.DRAF).exists()


def test_signing_is_refused_with_the_list_when_a_section_emptied_after_approval(opd, staf, kasubag):
    jab = staf.pegawai.penugasan.get().jabatan
    svc.laporan_ajukan(opd=opd, jabatan=jab, oleh=staf, **TW)
    svc.laporan_tanggapi(opd=opd, jabatan=jab, oleh=kasubag, tanggapan="sudah_baik", **TW)
    opd.peraturan_tupoksi = ""  # the OPD's master data, outside the report's freeze
    opd.save()
    with pytest.raises(LaporanBelumLengkap, match=r"belum dapat ditandatangani: 1 bagian .* peraturan dan tugas pokok"):
        svc.laporan_tandatangani(opd=opd, jabatan=jab, oleh=staf, **TW)
    assert svc.Laporan.objects.get(jabatan=jab, **TW).status == Status.DISETUJUI


def test_the_opd_lkj_is_refused_until_bab_i_is_filled_and_links_to_the_heads_narrative_page(client, opd, sekcam, camat):
    Narasi.objects.filter(opd=opd, jabatan=None, **TW).update(aspek_strategis="")
    with pytest.raises(LaporanBelumLengkap, match=r"1\) BAB I D\. Aspek strategis organisasi"):
        svc.laporan_ajukan(opd=opd, oleh=sekcam, **TW)
    kepala = Jabatan.objects.get(opd=opd, jenis=Jabatan.Jenis.KEPALA_OPD)
    client.force_login(sekcam)
    isi = client.get(reverse("tinjauan:laporan_opd", args=[opd.kode, 2025, 3])).content.decode()
    # the sekcam may not open the camat's page (a 404): no link, but who fills it (tests/tinjauan/test_kelengkapan_tautan.py)
    assert "BAB I D. Aspek strategis organisasi — diisi oleh SAMSUL NURUL HUDA, SE (Camat Kedungjajang)" in isi
    assert bagian_kosong(opd, 2025, 3, pembaca=camat)[0].url == reverse("entri:narasi", args=[kepala.pk, 2025, 3])

    # the head of the OPD fills it on his narrative page, which is the OPD LKj's narrative
    client.force_login(camat)
    url = reverse("entri:narasi", args=[kepala.pk, 2025, 3])
    halaman = client.get(url).content.decode()
    assert 'maxlength="20000"' in halaman and "Aspek strategis organisasi (BAB I D)" in halaman
    n = Narasi.objects.get(opd=opd, jabatan=None, **TW)
    data = {
        b: "\n".join(getattr(n, b))
        for b in ("faktor_pendukung", "faktor_penghambat", "upaya", "rencana_tindak_lanjut", "permasalahan_utama")
    }
    data |= {b: getattr(n, b) for b in ("latar_belakang", "penutup", "gambaran_umum", "tupoksi")}
    r = client.post(url, {**data, "aspek_strategis": "Sasaran strategis kecamatan.", "versi": n.versi}, follow=True)
    assert "Narasi tersimpan" in r.content.decode()
    n.refresh_from_db()
    assert n.aspek_strategis == "Sasaran strategis kecamatan." and n.tupoksi == data["tupoksi"]
    assert not Narasi.objects.filter(jabatan=kepala, **TW).exclude(aspek_strategis="").exists()
    assert svc.laporan_ajukan(opd=opd, oleh=sekcam, **TW).status == Status.DIAJUKAN


def test_a_form_without_the_paragraph_fields_keeps_the_saved_text(client, opd, staf):
    jab = staf.pegawai.penugasan.get().jabatan
    n = Narasi.objects.get(jabatan=jab, **TW)
    lama = n.latar_belakang
    client.force_login(staf)
    r = client.post(reverse("entri:narasi", args=[jab.pk, 2025, 3]), {"upaya": "Lembur", "versi": n.versi}, follow=True)
    assert "Narasi tersimpan" in r.content.decode()
    n.refresh_from_db()
    assert n.latar_belakang == lama and n.upaya == ["Lembur"]


def test_the_lkj_compares_with_the_same_renstra_target_and_capaian_as_its_e81(opd):
    """Tabel 3.5's Renstra target and capaian are the E.81's columns 6 and 16 (one computation), not a second source."""
    from decimal import Decimal

    from renja.models import NilaiRenstra

    d0 = D.data_lkj_opd(opd, 2025, 3)
    assert d0.perbandingan == []  # the demo has nothing to compare
    ind = next(r.indikator_obj for r in d0.sasaran if r.indikator_obj is not None and r.realisasi is not None)
    NilaiRenstra.objects.create(indikator=ind, periode="2025-2029", kinerja=Decimal("90"))
    d = D.data_lkj_opd(opd, 2025, 3)
    baris = next(b for b in d.perbandingan if b.indikator == ind.uraian)
    e81 = next(r for r in d.formulir_e81.rows if r.baris.indikator == ind.uraian)
    assert baris.target_renstra == Decimal("90") == e81.baris.renstra.target_k
    assert baris.capaian_renstra == e81.baris.renstra.capaian_k and baris.tahun_renstra == 2029


def test_the_submission_snapshot_holds_the_paragraphs_the_submit_rule_requires(opd):
    """A rewrite of BAB I or of the closing text after a return shows in "Perubahan sejak pengajuan sebelumnya"."""
    from lkj.tinjauan import selectors as sel

    nar = Narasi.objects.get(opd=opd, jabatan=None, tahun=2025, triwulan=3)
    isi = sel.cuplikan(opd, 2025, 3)["narasi"]
    assert isi["Latar belakang"] == nar.latar_belakang and isi["Tupoksi"] == nar.tupoksi
    assert isi["Permasalahan utama"] == list(nar.permasalahan_utama) and "Penutup" in isi
