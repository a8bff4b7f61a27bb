"""Print quality of every document of the demo quarter, read back from the PDFs (decisions §6).

All documents are rendered once per run, in a child process that sees only the DejaVu fonts:
the documents ship their own font, so the pages must be those of any other server.
"""

import pytest

from tests.dokumen import cetak

pytestmark = pytest.mark.xdist_group("cetak")  # the renders of ``cetakan`` (conftest) are made once, in one worker


def test_every_document_of_the_demo_is_rendered(cetakan):
    jenis = {n.split("-")[0] for n in cetakan}
    assert jenis == {"lkj_opd", "individu", "e81", "pk", "lra"}
    assert sum(n.startswith("pk-") for n in cetakan) == 19
    assert sum(n.startswith("individu-") for n in cetakan) == 18


def test_the_documents_embed_the_shipped_liberation_sans_even_where_the_server_has_only_dejavu(cetakan):
    for nama, c in cetakan.items():
        assert c.fon, nama
        for fon in c.fon:
            assert "LiberationSans" in fon.replace("-", "") and "DejaVu" not in fon, (nama, fon)


def test_no_word_of_any_document_lies_outside_its_page(cetakan):
    """Wide tables fit (Tabel 3.3 of the OPD LKj, Tabel 2.3 of the Camat's and Sekcam's reports keep column (10))."""
    for nama, c in cetakan.items():
        assert cetak.kata_di_luar(c) == [], nama
    lkj = cetakan["lkj_opd"].teks
    assert "(10=6-9)" in lkj and "17,30%" in lkj


def test_no_document_has_a_page_without_text(cetakan):
    for nama, c in cetakan.items():
        kosong = [i for i, h in enumerate(c.halaman, 1) if not cetak.isi_halaman(h)]
        assert kosong == [], (nama, kosong)


PLACEHOLDER = (
    "belum diisi",
    "tidak dapat diturunkan",
    "nilai diisi oleh",
    "lorem ipsum",
    "placeholder",
    "{{",
    "{%",
    "none",
    "todo",
    "xxx",
)  # the last three as whole words


def test_no_document_prints_placeholder_or_internal_text(cetakan):
    for nama, c in cetakan.items():
        teks = " ".join(c.teks.lower().split())
        kata_kata = set(teks.split())
        for p in PLACEHOLDER:
            assert (p not in kata_kata) if p.isalpha() else (p not in teks), (nama, p)


def test_a_draft_marks_what_is_missing(opd):
    import dataclasses

    from lkj.dokumen import data as D
    from lkj.dokumen import render

    d = D.data_lkj_opd(opd, 2025, 3)
    d.narasi = dataclasses.replace(d.narasi, faktor_pendukung=(), latar_belakang="")
    html = render.html("dokumen/lkj_opd.html", {"d": d})
    assert "DRAF — faktor pendukung masih kosong." in html and "DRAF — latar belakang masih kosong." in html
    assert "elum diisi" not in html


def test_small_print_rules(cetakan, opd):
    from lkj.dokumen import data as D

    # one percent format: a percentage target prints as every percentage
    e81 = cetakan["e81"].teks
    assert "100,00%" in e81 and "100 %" not in e81
    assert "100,00%" in cetakan["lkj_opd"].teks
    # the aktivitas total of a count indicator is terlaksana / direncanakan
    semua = " ".join(" ".join(c.teks.split()) for n, c in cetakan.items() if n.startswith("individu-"))
    assert "9 / 12 × 100% = 75,00%" in semua and "9 / 12 × 100% = 9,00%" not in semua
    # efisiensi on the kegiatan rows of the cost tables
    camat_pk = D.data_lkj_opd(opd, 2025, 3).pk_kepala
    sekcam = next(d for d in D.data_individu_semua(opd, 2025, 3).values() if d.eselon and any(a.level == "kegiatan" for a in d.pk.anggaran))
    assert any(a.efisiensi is not None for a in sekcam.pk.anggaran if a.level == "kegiatan")
    assert camat_pk is not None
    # the Bupati has no NIP line; staff without NIP print "NIP. -"
    pk_camat = cetakan["pk-camat"].teks
    assert "BUPATI" in pk_camat.upper() and "NIP. -" not in pk_camat
    assert "NIP. -" in cetakan["individu-pengadm_umum_daffa"].teks


def test_a_draft_prints_a_dotted_date_and_a_draf_mark_and_a_pk_its_own_date(cetakan):
    lkj = cetakan["lkj_opd"]
    assert all(h.teks.startswith("DRAF") or " DRAF " in f" {h.teks} " for h in lkj.halaman)
    assert "Lumajang, ............................ 2025" in lkj.teks and "01 Oktober 2025" not in lkj.teks
    pk = cetakan["pk-sekcam"].teks
    assert "Lumajang, 01 September 2025" in pk and "DRAF" not in pk


def test_a_signed_copy_prints_the_signing_date_and_keeps_the_qr_box_with_the_signatures(opd, tmp_path):
    import datetime
    import subprocess

    import segno

    from lkj.dokumen import render, services
    from lkj.tinjauan.services import Tanda
    from organisasi.models import Jabatan

    sekcam = Jabatan.objects.get(opd=opd, kode="sekcam")
    d = services.data_dokumen("individu", opd, 2025, 3, sekcam, services.tanggal_baku(2025, 3))
    tanda = Tanda(
        "LKJ/2025/TW3/IND/0001/V1",
        "ABCD-EFGH",
        "https://lkj.example/v/ABCD-EFGH",
        segno.make("https://lkj.example/v/ABCD-EFGH").svg_data_uri(),
        "Uji",
        ({"peran": "Yang melaporkan", "nama": "BAMBANG YULIANTO, SP", "jabatan": "Sekcam", "pada": "14 Oktober 2025 09.00"},),
        datetime.date(2025, 10, 14),
    )
    hasil = render.pdf(render.html("dokumen/individu.html", {**services.konteks("individu", d), "tanda": tanda}))
    f = tmp_path / "t.pdf"
    f.write_bytes(hasil.isi)
    halaman = subprocess.run(["pdftotext", str(f), "-"], check=True, capture_output=True, text=True).stdout.split("\f")
    teks = " ".join(" ".join(halaman).split())
    assert "DRAF" not in teks and "Kedungjajang, 14 Oktober 2025" in teks
    kotak = [h for h in halaman if "Ditandatangani secara elektronik" in h]
    assert len(kotak) == 1 and "NIP. 19700714 199403 1 004" in kotak[0] and "Kedungjajang, 14 Oktober 2025" in kotak[0]


def test_the_e81_prints_columns_1_to_18_rows_d_to_i_and_both_signature_blocks(cetakan):
    halaman = cetakan["e81"].halaman
    kepala = halaman[0].teks
    for kolom in ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14 = 13/8", "15 = 7+13", "16 = 15/6", "17", "18"]:
        assert kolom in kepala, kolom
    teks = " ".join(cetakan["e81"].teks.split())
    for baris in (
        "d. Rata-rata capaian kinerja dan anggaran",
        "e. Predikat kinerja",
        "f. Faktor pendorong",
        "g. Faktor penghambat",
        "h. Tindak lanjut yang diperlukan dalam triwulan berikutnya",
        "i. Tindak lanjut yang diperlukan dalam Renja",
    ):
        assert baris in teks, baris
    assert "Disusun" in teks and "Dievaluasi" in teks and "KEPALA BAPPEDA" in teks
    assert "Keterangan" in teks and "Renstra" in teks
