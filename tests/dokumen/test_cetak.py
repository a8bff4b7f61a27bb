"""Print quality of every document of the demo quarter, read back from the PDFs (decisions §6).

All documents are rendered once per run, in a child process that sees only the DejaVu fonts:
the documents ship their own font, so the pages must be those of any other server.
"""

import pytest

from tests.dokumen import cetak


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


@pytest.mark.pdf_asli
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


# --- Formulir E.81 as a spreadsheet: the same form as the PDF ---------------------------------------


def _e81_xlsx(opd):
    from io import BytesIO

    from openpyxl import load_workbook

    from lkj.dokumen import data as D
    from lkj.dokumen import render

    d = D.data_e81(opd, 2025, 3)
    return d, load_workbook(BytesIO(render.xlsx_e81(d)))["Formulir E.81"]


def _teks_sel(ws):
    return [(c.row, c.column, c.value) for baris in ws.iter_rows() for c in baris if isinstance(c.value, str)]


def _cari(ws, teks, awal=True):
    for r, c, v in _teks_sel(ws):
        if v.startswith(teks) if awal else v == teks:
            return r, c
    raise AssertionError(f"{teks!r} tidak ada di lembar")


def test_the_e81_xlsx_is_the_form_title_header_footer_signatures_and_print_set_up(opd):
    d, ws = _e81_xlsx(opd)
    # landscape F4, one page wide and as many tall as the rows take (not fitToHeight=0, which LibreOffice prints
    # as a single page), the header rows repeated on every printed page
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 14  # folio (F4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight >= 10
    h, _ = _cari(ws, "No", awal=False)
    assert ws.print_title_rows == f"${h}:${h + 3}"
    # every row is as tall as its longest wrapped text (indicator and formulasi), not one line cut off
    for r in range(h + 4, h + 4 + len(d.rows)):
        teks = str(ws.cell(row=r, column=5).value or "")
        assert ws.row_dimensions[r].height >= 12.75 * (teks.count("\n") + 1), r
    # title rows
    assert [ws.cell(row=i, column=1).value for i in range(1, 5)] == [
        "FORMULIR E.81",
        "Evaluasi terhadap Hasil Renja Perangkat Daerah Kabupaten Lumajang",
        "Renja Kecamatan Kedungjajang Kabupaten Lumajang",
        "Periode Pelaksanaan: Tahun 2025 — realisasi s.d. Triwulan III (30 September 2025)",
    ]
    assert "A1:AC1" in {str(m) for m in ws.merged_cells.ranges}
    # the two-level header: columns 1–18, K/Rp pairs merged like the PDF
    nomor = [ws.cell(row=h + 3, column=c).value for c in range(1, 30) if ws.cell(row=h + 3, column=c).value]
    assert nomor == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14 = 13/8", "15 = 7+13", "16 = 15/6", "17", "18"]
    assert [ws.cell(row=h + 2, column=c).value for c in range(6, 28)] == ["K", "Rp"] * 11
    gabungan = {str(m) for m in ws.merged_cells.ranges}
    assert {f"A{h}:A{h + 2}", f"F{h}:G{h + 1}", f"L{h}:S{h}", f"L{h + 1}:M{h + 1}", f"AB{h}:AB{h + 2}", f"V{h + 3}:W{h + 3}"} <= gabungan
    assert ws.cell(row=h, column=6).value == "Target Renstra PD pada Tahun Akhir Periode Renstra"
    assert ws.cell(row=h, column=12).value == "Realisasi Kinerja pada Triwulan"
    assert [ws.cell(row=h + 1, column=c).value for c in (12, 14, 16, 18)] == ["I", "II", "III", "IV"]
    # footer rows d–i and both signature blocks
    for label in (
        "d. Rata-rata capaian kinerja dan anggaran (%)",
        "e. Predikat kinerja",
        "f. Faktor pendorong",
        "g. Faktor penghambat",
        "h. Tindak lanjut yang diperlukan dalam triwulan berikutnya",
        "i. Tindak lanjut yang diperlukan dalam Renja",
    ):
        _cari(ws, label)
    rd, _ = _cari(ws, "d. Rata-rata")
    assert ws.cell(row=rd, column=22).value == pytest.approx(86.70) and ws.cell(row=rd, column=22).number_format == '#,##0.00"%"'
    assert ws.cell(row=rd + 1, column=22).value == "Tinggi"
    rf, _ = _cari(ws, "f. Faktor pendorong")
    assert ws.cell(row=rf, column=6).value.startswith("1. ")  # the narrative, numbered as in the PDF
    rs, cs = _cari(ws, "Disusun", awal=False)
    assert ws.cell(row=rs + 1, column=cs).value == f"{d.tempat}, ............................ 2025"
    assert ws.cell(row=rs + 2, column=cs).value == d.kepala.jabatan
    assert ws.cell(row=rs + 6, column=cs).value == d.kepala.nama and ws.cell(row=rs + 7, column=cs).value == d.kepala.nip
    re_, ce = _cari(ws, "Dievaluasi", awal=False)
    assert re_ == rs and ws.cell(row=re_ + 2, column=ce).value == "KEPALA BAPPEDA KABUPATEN LUMAJANG"
    assert set(ws.cell(row=re_ + 6, column=ce).value) == {"."} and ws.cell(row=re_ + 7, column=ce).value.startswith("NIP. ....")


def test_the_e81_xlsx_figures_are_the_json_figures_as_numbers_with_indonesian_formats(opd):
    from lkj.e81 import laporan_e81
    from lkj.selectors import pengukuran_opd

    _d, ws = _e81_xlsx(opd)
    json_rows = {(r["kode"], r["indikator"]): r for r in laporan_e81(pengukuran_opd(opd, 2025, 3)).as_json()["rows"]}
    r, _ = _cari(ws, "7.01.01", awal=False)
    p1 = json_rows[("7.01.01", ws.cell(row=r, column=5).value.split("\n")[0])]
    assert ws.cell(row=r, column=11).value == int(p1["target_rp"]) == 2014894365  # 8 Rp
    assert ws.cell(row=r, column=11).number_format == "#,##0"
    assert ws.cell(row=r, column=10).value == 100 and ws.cell(row=r, column=10).number_format == '#,##0.00"%"'  # 8 K: 100,00%
    assert ws.cell(row=r, column=20).value == pytest.approx(float(p1["realisasi_k"])) == pytest.approx(76.44)  # 13 K
    assert ws.cell(row=r, column=20).number_format == "#,##0.00"
    assert ws.cell(row=r, column=21).value == int(p1["realisasi_rp"]) == 1191647876  # 13 Rp
    assert ws.cell(row=r, column=22).value == pytest.approx(float(p1["capaian_k"])) == pytest.approx(76.44)  # 14 K
    assert ws.cell(row=r, column=23).value == pytest.approx(59.14)  # 14 Rp
    assert ws.cell(row=r, column=29).value == "Predikat Tinggi; efisiensi 17,30%"
    assert ws.cell(row=r, column=16).value == pytest.approx(76.44) and ws.cell(row=r, column=18).value is None  # TW III, not IV
    assert all(ws.cell(row=r, column=c).value is None for c in (6, 7, 8, 9, 24, 25, 26, 27))  # no Renstra data: empty
    # a count prints with its unit and no decimals; no format leaves a trailing dot ("85.")
    r, _ = _cari(ws, "7.01.01.201.01", awal=False)
    assert ws.cell(row=r, column=10).value == 3 and ws.cell(row=r, column=10).number_format == '#,##0" dokumen"'
    formats = {c.number_format for baris in ws.iter_rows() for c in baris if isinstance(c.value, (int, float))}
    assert not any(f.endswith(".##") or "#.#" in f for f in formats), formats


def test_the_e81_xlsx_fills_the_renstra_columns_from_the_planning_workbook(opd):
    from decimal import Decimal

    from renja.models import Indikator, NilaiRenstra

    ind = Indikator.objects.get(opd=opd, kode="s01_201_01_dokumen_perencanaan")
    NilaiRenstra.objects.create(indikator=ind, periode="2024-2026", kinerja=Decimal(9), anggaran=Decimal(14000000))
    NilaiRenstra.objects.create(indikator=ind, periode="2024-2026", tahun=2024, kinerja=Decimal(3), anggaran=Decimal(4500000))
    _d, ws = _e81_xlsx(opd)
    r, _ = _cari(ws, "7.01.01.201.01", awal=False)
    assert [ws.cell(row=r, column=c).value for c in range(6, 10)] == [9, 14000000, 3, 4500000]  # 6, 7
    assert [ws.cell(row=r, column=c).value for c in range(24, 28)] == [6, 7650000, pytest.approx(66.67), pytest.approx(54.64)]  # 15, 16
    assert ws.cell(row=r, column=6).number_format == '#,##0" dokumen"'


def test_the_opd_lkj_attaches_the_same_e81_in_landscape(cetakan):
    """Lampiran of the OPD LKj: the Formulir E.81 itself, its pages landscape, its figures those of the E.81 file."""
    lkj = cetakan["lkj_opd"]
    e81_halaman = [h for h in lkj.halaman if "Periode Pelaksanaan: Tahun 2025" in h.teks]
    assert e81_halaman, "Formulir E.81 tidak terlampir"
    mulai = lkj.halaman.index(e81_halaman[0])
    assert e81_halaman[0].lebar > e81_halaman[0].tinggi  # landscape inside a portrait report
    sendiri = " ".join(cetakan["e81"].teks.split())
    lampiran = " ".join(" ".join(h.teks for h in lkj.halaman[mulai : mulai + len(cetakan["e81"].halaman)]).split())
    for teks in ("d. Rata-rata capaian kinerja dan anggaran", "Dievaluasi", "KEPALA BAPPEDA", "2.095.134.365", "86,70%"):
        assert teks in sendiri and teks in lampiran, teks
