"""The permission ladder of the pemda roles over every URL pattern of the project (docs/architecture.md "Who reads what").

Every URL name the URLconf resolves has one row in ``TANGGA``: how it is asked (GET or POST, with
arguments taken from the Kedungjajang demo) and the answer expected by each persona. A URL added
without a row fails ``test_every_url_of_the_project_has_a_row_in_the_ladder``; the admin's URLs are
ruled per model (``ADMIN``), so a model registered in the admin without a row fails too.

Personas (all signed in through the real session, except ``anonim``):

* ``anonim``         — nobody signed in
* ``staf``           — asifah, a pegawai of Kedungjajang beside the report's holder (fitri)
* ``operator_lain``  — the operator (``OperatorOpd``) of another OPD of Lumajang, staff, not a superuser
* ``ortala``, ``bappeda``, ``inspektorat``, ``adminpemda`` — the demo's pemda roles of Lumajang
* ``pemda_lain``     — a Bappeda account of another kabupaten

Answers: a status code, ``LOGIN`` (redirected to the login page), ``ADMIN_LOGIN`` (to the admin's).
The subject is fitri's individual report (signed, so a signed PDF exists) and the OPD's draft LKj.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from lkj.dokumen import services as dsvc
from lkj.dokumen.models import DokumenRender
from lkj.e81 import laporan_e81
from lkj.entri import services as nsvc
from lkj.selectors import pengukuran_opd
from lkj.tinjauan import services as tsvc
from lkj.tinjauan.models import DokumenTertanda
from organisasi.models import OperatorOpd, Pemda, PerangkatDaerah, PeranPemda
from renja import realisasi_services as rsvc
from renja.models import Indikator
from tests.entri.conftest import PDF_BYTES, png_bytes

pytestmark = pytest.mark.django_db

TAHUN, TW = 2025, 3
LOGIN, ADMIN_LOGIN = "login", "admin-login"
PERSONA = ("anonim", "staf", "operator_lain", "ortala", "bappeda", "inspektorat", "adminpemda", "pemda_lain")
PERAN_PEMDA = ("ortala", "bappeda", "inspektorat", "adminpemda")


def tangga(anonim, staf, operator_lain, pemda, pemda_lain, **khusus) -> dict:
    """One row: the four pemda roles answer alike unless ``khusus`` names one."""
    baris = {"anonim": anonim, "staf": staf, "operator_lain": operator_lain, **dict.fromkeys(PERAN_PEMDA, pemda), "pemda_lain": pemda_lain}
    baris.update(khusus)
    return baris


# Reads of Kedungjajang's own objects: its members, the pemda roles of Lumajang; another OPD's operator
# and another pemda do not learn they exist.
OPD_BACA = tangga(LOGIN, 200, 404, 200, 404)
# A jabatan's own objects (fitri's report, rows, evidence, narrative): asifah beside her does not see them either.
JABATAN_BACA = tangga(LOGIN, 404, 404, 200, 404)
# Writes into fitri's rows: the pemda roles are told they only read (403); the others do not see them.
JABATAN_TULIS = tangga(LOGIN, 404, 404, 403, 404)
# Pages behind the operator's door (LRA, planning workbook): the pemda roles 403 with the reason, another
# pemda's Bappeda too (refused for his role before any object is looked at); a plain pegawai 403.
OPERATOR = tangga(LOGIN, 403, 200, 403, 403)
# Any signed-in user, nothing of an OPD named.
MASUK = tangga(LOGIN, 200, 200, 200, 200)
PUBLIK = tangga(200, 200, 200, 200, 200)
# The pemda recap: pemda roles of that pemda only; a member or operator of one of its OPDs 403, anyone else 404.
REKAP = tangga(LOGIN, 403, 403, 200, 404)
# Bappeda's evaluation of the E.81: Bappeda of that pemda only; the other pemda roles 403, anyone without a role
# in that pemda 404 (his own pemda's list is where another pemda's Bappeda is sent: 302).
CETAK = tangga(LOGIN, 403, 403, 403, 404, ortala=302, adminpemda=302)
EVALUASI = tangga(LOGIN, 404, 404, 403, 404, bappeda=200)

# URL name → (method, expected answers). The arguments are built in ``_url``.
TANGGA = {
    "beranda": ("GET", MASUK),
    "e81": ("GET", OPD_BACA),
    "asal_angka": ("GET", OPD_BACA),
    "login": ("GET", PUBLIK),
    "password_reset": ("GET", PUBLIK),
    "password_reset_done": ("GET", PUBLIK),
    "password_reset_confirm": ("GET", PUBLIK),
    "password_reset_complete": ("GET", PUBLIK),
    "logout": ("POST", tangga(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN)),
    "sehat": ("GET", PUBLIK),
    "anggaran:index": ("GET", OPERATOR),
    "anggaran:unggah": ("POST", tangga(LOGIN, 403, 404, 403, 403)),
    "anggaran:pratinjau": ("GET", tangga(LOGIN, 403, 302, 403, 403)),  # his own draft expired: back to the form
    "anggaran:konfirmasi": ("POST", tangga(LOGIN, 403, 302, 403, 403)),
    "anggaran:pulihkan": ("POST", tangga(LOGIN, 403, 404, 403, 403)),
    "anggaran:berkas": ("GET", tangga(LOGIN, 403, 404, 403, 403)),
    # The kabupaten-wide LRA writes every OPD of the pemda: its administrator only.
    "anggaran:kabupaten": ("GET", tangga(LOGIN, 403, 403, 403, 403, adminpemda=200)),
    "anggaran:kabupaten_unggah": ("POST", tangga(LOGIN, 403, 403, 403, 403, adminpemda=200)),  # no file: the form says so
    "anggaran:kabupaten_pratinjau": ("GET", tangga(LOGIN, 403, 403, 403, 403, adminpemda=302)),  # no such draft
    "anggaran:kabupaten_konfirmasi": ("POST", tangga(LOGIN, 403, 403, 403, 403, adminpemda=302)),
    # The pemda workbook creates OPDs and operators of the pemda: its administrator only.
    "organisasi:buku_pemda": ("GET", tangga(LOGIN, 403, 403, 403, 403, adminpemda=200)),
    "organisasi:buku_pemda_templat": ("GET", tangga(LOGIN, 403, 403, 403, 403, adminpemda=200)),
    "organisasi:buku_pemda_unggah": ("POST", tangga(LOGIN, 403, 403, 403, 403, adminpemda=200)),  # no file: the form says so
    "organisasi:buku_pemda_pratinjau": ("GET", tangga(LOGIN, 403, 403, 403, 403, adminpemda=302)),  # no such draft
    "organisasi:buku_pemda_konfirmasi": ("POST", tangga(LOGIN, 403, 403, 403, 403, adminpemda=302)),
    "perencanaan:index": ("GET", OPERATOR),
    "perencanaan:templat": ("GET", OPERATOR),
    "perencanaan:ekspor": ("GET", tangga(LOGIN, 403, 404, 403, 403)),
    "perencanaan:unggah": ("POST", tangga(LOGIN, 403, 400, 403, 403)),  # no file: the form says so
    "perencanaan:pratinjau": ("GET", tangga(LOGIN, 403, 302, 403, 403)),
    "perencanaan:konfirmasi": ("POST", tangga(LOGIN, 403, 302, 403, 403)),
    "entri:index": ("GET", MASUK),
    "entri:operator": ("GET", tangga(LOGIN, 404, 404, 403, 403)),
    "entri:jabatan": ("GET", JABATAN_BACA),
    "entri:baris_simpan": ("POST", JABATAN_TULIS),
    "entri:bukti_unggah": ("POST", JABATAN_TULIS),
    "entri:bukti_unduh": ("GET", JABATAN_BACA),
    "entri:bukti_hapus": ("POST", JABATAN_TULIS),
    "entri:riwayat": ("GET", JABATAN_BACA),
    "entri:narasi": ("GET", JABATAN_BACA),
    "entri:dokumentasi_foto": ("GET", JABATAN_BACA),
    "entri:dokumentasi_hapus": ("POST", JABATAN_TULIS),
    "dokumen:index": ("GET", MASUK),
    "dokumen:minta": ("POST", tangga(LOGIN, 302, 404, 302, 404)),  # reading: a pemda role may render the E.81
    "dokumen:status": ("GET", JABATAN_BACA),
    "dokumen:unduh": ("GET", JABATAN_BACA),
    "tinjauan:index": ("GET", tangga(LOGIN, 302, 302, 302, 302)),
    "tinjauan:saya": ("GET", MASUK),
    "tinjauan:ikhtisar": ("GET", tangga(LOGIN, 403, 404, 200, 404)),
    "tinjauan:grafik": ("GET", tangga(LOGIN, 403, 404, 200, 404)),
    "tinjauan:audit": ("GET", tangga(LOGIN, 403, 404, 200, 404)),
    "tinjauan:laporan_opd": ("GET", OPD_BACA),
    "tinjauan:laporan": ("GET", JABATAN_BACA),
    "tinjauan:tandatangani_opd": ("GET", tangga(LOGIN, 403, 404, 403, 404)),
    "tinjauan:aksi_opd": ("POST", tangga(LOGIN, 403, 404, 403, 404)),
    "tinjauan:aksi": ("POST", JABATAN_TULIS),
    "tinjauan:pratinjau_opd": ("GET", OPD_BACA),
    "tinjauan:pratinjau": ("GET", JABATAN_BACA),
    "tinjauan:unduh": ("GET", JABATAN_BACA),
    "tinjauan:verifikasi": ("GET", PUBLIK),
    "tinjauan:evaluasi_index": ("GET", tangga(LOGIN, 404, 404, 403, 302, bappeda=302)),
    "tinjauan:evaluasi": ("GET", EVALUASI),
    "tinjauan:evaluasi_e81": ("GET", EVALUASI),
    "tinjauan:evaluasi_aksi": ("POST", tangga(LOGIN, 404, 404, 403, 404, bappeda=302)),
    "tinjauan:verifikasi_kode": ("GET", PUBLIK),
    "pengingat:preferensi": ("GET", MASUK),
    "pengingat:dibaca": ("POST", tangga(LOGIN, 302, 302, 302, 302)),
    "rekap:indeks": ("GET", tangga(LOGIN, 403, 403, 302, 302)),  # another pemda's Bappeda: his own recap
    "rekap:rekap": ("GET", REKAP),
    "rekap:pdf": ("GET", REKAP),
    "rekap:xlsx": ("GET", REKAP),
    "rekap:grafik_predikat": ("GET", REKAP),
    "rekap:grafik_capaian": ("GET", REKAP),
    # Printing the whole kabupaten: started (and failures retried) by the pemda administrator and Bagian
    # Organisasi; the other pemda roles follow its progress and download what is ready.
    "rekap:cetak_mulai": ("POST", CETAK),
    "rekap:cetak_kemajuan": ("GET", REKAP),
    "rekap:cetak_ulang": ("POST", CETAK),
    # Nothing of the quarter has finished printing here (the jobs wait for a worker): a reader of the recap is
    # told so with 404, an OPD's member is refused as for the recap; tests/rekap/test_cetak.py downloads one.
    "rekap:cetak_zip": ("GET", tangga(LOGIN, 403, 403, 404, 404)),
    "rekap:cetak_zip_opd": ("GET", tangga(LOGIN, 403, 403, 404, 404)),
}

# The admin: its own pages, and each registered model's changelist (its add/change/delete/history pages
# follow the same permission). Only staff enter; the pemda's administrator sees the models he manages.
STAF_ADMIN = tangga(ADMIN_LOGIN, ADMIN_LOGIN, 200, ADMIN_LOGIN, ADMIN_LOGIN, adminpemda=200)
ADMIN_SITUS = {
    "admin:index": STAF_ADMIN,
    "admin:login": tangga(200, 200, 302, 200, 200, adminpemda=302),  # signed in without staff: "not authorised" form
    "admin:logout": None,  # POST only; signs the persona out, asked last by nobody
    "admin:password_change": tangga(ADMIN_LOGIN, ADMIN_LOGIN, 200, ADMIN_LOGIN, ADMIN_LOGIN, adminpemda=200),
    "admin:password_change_done": tangga(ADMIN_LOGIN, ADMIN_LOGIN, 200, ADMIN_LOGIN, ADMIN_LOGIN, adminpemda=200),
    "admin:autocomplete": None,  # answers only with the field it completes; scoped by the model admins below
    "admin:jsi18n": tangga(ADMIN_LOGIN, ADMIN_LOGIN, 200, ADMIN_LOGIN, ADMIN_LOGIN, adminpemda=200),
    "admin:view_on_site": None,  # a redirect to a model's own page
    "admin:app_list": None,  # one app's index; its models are ruled below
}
TANPA_IZIN = tangga(ADMIN_LOGIN, ADMIN_LOGIN, 403, ADMIN_LOGIN, ADMIN_LOGIN, adminpemda=403)
DIKELOLA = tangga(ADMIN_LOGIN, ADMIN_LOGIN, 403, ADMIN_LOGIN, ADMIN_LOGIN, adminpemda=200)
ADMIN_MODEL = {
    "organisasi.perangkatdaerah": DIKELOLA,
    "organisasi.operatoropd": DIKELOLA,
    "auth.user": DIKELOLA,
}
# Every other registered model: the pemda's administrator was given no permission there (403).
MODEL_ADMIN = {
    "anggaran.koderekening",
    "anggaran.lraimport",
    "anggaran.realisasianggaran",
    "auth.group",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "django_tasks_database.dbtaskresult",
    "lkj.narasi",
    "lkj.pengaturanpengukuran",
    "lkj.predikatpita",
    "organisasi.jabatan",
    "organisasi.pegawai",
    "organisasi.pemda",
    "organisasi.penugasan",
    "organisasi.peranpemda",
    "organisasi.unit",
    "pengingat.pemberitahuan",
    "pengingat.preferensi",
    "perjanjian.perjanjiankinerja",
    "perjanjian.pkversi",
    "renja.aktivitas",
    "renja.indikator",
    "renja.kegiatan",
    "renja.nilairenstra",
    "renja.nomenklatur",
    "renja.program",
    "renja.realisasi",
    "renja.sasaran",
    "renja.subkegiatan",
    "renja.target",
    "renja.tujuan",
}


def _nama_url(resolver=None, ns=""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            yield from _nama_url(p, ns + (f"{p.namespace}:" if p.namespace else ""))
        elif p.name:
            yield ns + p.name


def _model_admin():
    return {m._meta.label_lower for m in admin.site._registry}


def _persona(opd):
    U = get_user_model().objects
    lain = PerangkatDaerah.objects.create(pemda=opd.pemda, kode="7.01.0.00.0.00.22.0000", kode_urusan="7.01", nama="Kecamatan Klakah")
    op_lain = U.create_user("op-klakah", password="x-sangat-panjang-1", is_staff=True)
    OperatorOpd.objects.create(user=op_lain, opd=lain)
    jember = Pemda.objects.create(kode="3509", nama="Kabupaten Jember", ibukota="Jember")
    bappeda_jember = U.create_user("bappeda-jember", password="x-sangat-panjang-1")
    PeranPemda.objects.create(user=bappeda_jember, pemda=jember, peran=PeranPemda.Peran.BAPPEDA)
    user = {
        "staf": U.get(username="asifah"),
        "operator_lain": op_lain,
        **{p: U.get(username=p) for p in PERAN_PEMDA},
        "pemda_lain": bappeda_jember,
    }
    klien = {"anonim": Client()}
    for p, u in user.items():
        klien[p] = Client()
        klien[p].force_login(u)
    return klien


def _subjek(opd):
    """Fitri's report signed (a signed PDF exists), with an evidence file and a photo; draft renders of it."""
    U = get_user_model().objects
    fitri, dhian = U.get(username="fitri"), U.get(username="dhian")
    jab = fitri.pegawai.penugasan.get().jabatan
    ind = Indikator.objects.get(kode="s06_201_02_dokumen_adm_tata_pemdes")
    bukti = rsvc.bukti_tambah(
        indikator=ind,
        tahun=TAHUN,
        triwulan=TW,
        oleh=fitri,
        berkas=SimpleUploadedFile("notulen.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    foto = nsvc.dokumentasi_tambah(
        opd=opd,
        jabatan=jab,
        tahun=TAHUN,
        triwulan=TW,
        foto=SimpleUploadedFile("rapat.png", png_bytes(), content_type="image/png"),
        keterangan="Rapat koordinasi",
        tanggal=datetime.date(2025, 9, 10),
        oleh=fitri,
    )
    draf = dsvc.dokumen_siapkan(jenis=DokumenRender.Jenis.INDIVIDU, opd=opd, tahun=TAHUN, triwulan=TW, jabatan=jab)
    dsvc.dokumen_render(dokumen_id=draf.pk)
    p = {"opd": opd, "tahun": TAHUN, "triwulan": TW, "jabatan": jab}
    tsvc.laporan_ajukan(**p, oleh=fitri)
    tsvc.laporan_tanggapi(**p, oleh=dhian, tanggapan="sudah_baik")
    tsvc.laporan_tandatangani(**p, oleh=fitri)
    tsvc.laporan_tandatangani(**p, oleh=dhian)
    tertanda = DokumenTertanda.objects.get(laporan__jabatan=jab)
    return jab, ind, bukti, foto, draf, tertanda


def _e81_tertanda(opd):
    """The OPD LKj and its E.81 signed by the camat: what reaches Bappeda."""
    U = get_user_model().objects
    p = {"opd": opd, "tahun": TAHUN, "triwulan": TW}
    tsvc.laporan_ajukan(**p, oleh=U.get(username="bambang"))
    tsvc.laporan_tanggapi(**p, oleh=U.get(username="samsul"), tanggapan="sudah_baik")
    tsvc.laporan_tandatangani(**p, oleh=U.get(username="samsul"), alasan_pengecualian="Laporan individu menyusul.")
    return DokumenTertanda.objects.get(laporan__opd=opd, laporan__jabatan=None, jenis="e81")


def _url(opd, lra) -> dict[str, tuple[str, dict]]:
    """URL name → (url, POST data) with every argument from the demo."""
    jab, ind, bukti, foto, draf, tertanda = _subjek(opd)
    e81 = _e81_tertanda(opd)
    baris_e81 = laporan_e81(pengukuran_opd(opd, TAHUN, TW)).rows[0]
    p = (opd.kode, TAHUN, TW)
    j = (jab.pk, TAHUN, TW)
    sha = "0" * 64
    periode = f"?opd={opd.kode}&tahun={TAHUN}&triwulan={TW}"
    r = {
        "beranda": (reverse("beranda"), {}),
        "e81": (reverse("e81") + periode, {}),
        "asal_angka": (reverse("asal_angka", args=[*p, baris_e81.ref, "capaian_k"]), {}),
        "login": (reverse("login"), {}),
        "password_reset": (reverse("password_reset"), {}),
        "password_reset_done": (reverse("password_reset_done"), {}),
        "password_reset_confirm": (reverse("password_reset_confirm", args=["MQ", "tanda-tidak-sah"]), {}),
        "password_reset_complete": (reverse("password_reset_complete"), {}),
        "logout": (reverse("logout"), {}),
        "sehat": (reverse("sehat"), {}),
        "anggaran:index": (reverse("anggaran:index"), {}),
        "anggaran:unggah": (reverse("anggaran:unggah"), {"opd": opd.kode, "tahun": TAHUN, "bulan": 9}),
        "anggaran:pratinjau": (reverse("anggaran:pratinjau", args=[sha]), {}),
        "anggaran:konfirmasi": (reverse("anggaran:konfirmasi", args=[sha]), {}),
        "anggaran:pulihkan": (reverse("anggaran:pulihkan", args=[lra.pk]), {}),
        "anggaran:berkas": (reverse("anggaran:berkas", args=[lra.pk]), {}),
        "anggaran:kabupaten": (reverse("anggaran:kabupaten"), {}),
        "anggaran:kabupaten_unggah": (reverse("anggaran:kabupaten_unggah"), {"pemda": opd.pemda.kode, "tahun": TAHUN, "bulan": 9}),
        "anggaran:kabupaten_pratinjau": (reverse("anggaran:kabupaten_pratinjau", args=[sha]), {}),
        "anggaran:kabupaten_konfirmasi": (reverse("anggaran:kabupaten_konfirmasi", args=[sha]), {}),
        "organisasi:buku_pemda": (reverse("organisasi:buku_pemda"), {}),
        "organisasi:buku_pemda_templat": (reverse("organisasi:buku_pemda_templat"), {}),
        "organisasi:buku_pemda_unggah": (reverse("organisasi:buku_pemda_unggah"), {"pemda": opd.pemda.kode}),
        "organisasi:buku_pemda_pratinjau": (reverse("organisasi:buku_pemda_pratinjau", args=[sha]), {}),
        "organisasi:buku_pemda_konfirmasi": (reverse("organisasi:buku_pemda_konfirmasi", args=[sha]), {}),
        "perencanaan:index": (reverse("perencanaan:index"), {}),
        "perencanaan:templat": (reverse("perencanaan:templat"), {}),
        "perencanaan:ekspor": (reverse("perencanaan:ekspor") + f"?opd={opd.kode}&tahun={TAHUN}", {}),
        "perencanaan:unggah": (reverse("perencanaan:unggah"), {}),
        "perencanaan:pratinjau": (reverse("perencanaan:pratinjau", args=[sha]), {}),
        "perencanaan:konfirmasi": (reverse("perencanaan:konfirmasi", args=[sha]), {}),
        "entri:index": (reverse("entri:index"), {}),
        "entri:operator": (reverse("entri:operator") + periode, {}),
        "entri:jabatan": (reverse("entri:jabatan", args=j), {}),
        "entri:baris_simpan": (reverse("entri:baris_simpan", args=[*j, ind.pk]), {"nilai": "1", "versi": "0"}),
        "entri:bukti_unggah": (reverse("entri:bukti_unggah", args=[*j, ind.pk]), {}),
        "entri:bukti_unduh": (reverse("entri:bukti_unduh", args=[*j, ind.pk, bukti.pk]), {}),
        "entri:bukti_hapus": (reverse("entri:bukti_hapus", args=[*j, ind.pk, bukti.pk]), {}),
        "entri:riwayat": (reverse("entri:riwayat", args=[*j, ind.pk]), {}),
        "entri:narasi": (reverse("entri:narasi", args=j), {}),
        "entri:dokumentasi_foto": (reverse("entri:dokumentasi_foto", args=[*j, foto.pk]), {}),
        "entri:dokumentasi_hapus": (reverse("entri:dokumentasi_hapus", args=[*j, foto.pk]), {}),
        "dokumen:index": (reverse("dokumen:index"), {}),
        "dokumen:minta": (reverse("dokumen:minta"), {"opd": opd.kode, "tahun": TAHUN, "triwulan": TW, "jenis": "e81", "format": "pdf"}),
        "dokumen:status": (reverse("dokumen:status", args=[draf.pk]), {}),
        "dokumen:unduh": (reverse("dokumen:unduh", args=[draf.pk]), {}),
        "tinjauan:index": (reverse("tinjauan:index"), {}),
        "tinjauan:saya": (reverse("tinjauan:saya"), {}),
        "tinjauan:ikhtisar": (reverse("tinjauan:ikhtisar", args=p), {}),
        "tinjauan:grafik": (reverse("tinjauan:grafik", args=p), {}),
        "tinjauan:audit": (reverse("tinjauan:audit", args=[opd.kode]), {}),
        "tinjauan:laporan_opd": (reverse("tinjauan:laporan_opd", args=p), {}),
        "tinjauan:laporan": (reverse("tinjauan:laporan", args=[*p, jab.pk]), {}),
        "tinjauan:tandatangani_opd": (reverse("tinjauan:tandatangani_opd", args=p), {}),
        "tinjauan:aksi_opd": (reverse("tinjauan:aksi_opd", args=[*p, "ajukan"]), {"catatan": ""}),
        "tinjauan:aksi": (reverse("tinjauan:aksi", args=[*p, jab.pk, "buka"]), {"alasan": "Salah angka"}),
        "tinjauan:pratinjau_opd": (reverse("tinjauan:pratinjau_opd", args=p), {}),
        "tinjauan:pratinjau": (reverse("tinjauan:pratinjau", args=[*p, jab.pk]), {}),
        "tinjauan:unduh": (reverse("tinjauan:unduh", args=[tertanda.pk]), {}),
        "tinjauan:verifikasi": (reverse("tinjauan:verifikasi"), {}),
        "tinjauan:evaluasi_index": (reverse("tinjauan:evaluasi_index"), {}),
        "tinjauan:evaluasi": (reverse("tinjauan:evaluasi", args=[opd.pemda.kode, TAHUN, TW]), {}),
        "tinjauan:evaluasi_e81": (reverse("tinjauan:evaluasi_e81", args=[e81.pk]), {}),
        "tinjauan:evaluasi_aksi": (
            reverse("tinjauan:evaluasi_aksi", args=[e81.pk, "kembalikan"]),
            {"tanggapan": "capaian", "keterangan": "Periksa capaian program."},
        ),
        "tinjauan:verifikasi_kode": (reverse("tinjauan:verifikasi_kode", args=[tertanda.kode]), {}),
        "pengingat:preferensi": (reverse("pengingat:preferensi"), {}),
        "pengingat:dibaca": (reverse("pengingat:dibaca"), {}),
        "rekap:indeks": (reverse("rekap:indeks"), {}),
    }
    for nama in ("rekap", "pdf", "xlsx", "grafik_predikat", "grafik_capaian", "cetak_mulai", "cetak_kemajuan", "cetak_ulang", "cetak_zip"):
        r[f"rekap:{nama}"] = (reverse(f"rekap:{nama}", args=[opd.pemda.kode, TAHUN, TW]), {})
    r["rekap:cetak_zip_opd"] = (reverse("rekap:cetak_zip_opd", args=[opd.pemda.kode, TAHUN, TW, opd.kode]), {})
    for nama, harapan in ADMIN_SITUS.items():
        if harapan is not None:
            r[nama] = (reverse(nama), {})
    for label in ADMIN_MODEL:
        app, model = label.split(".")
        r[f"admin:{app}_{model}_changelist"] = (reverse(f"admin:{app}_{model}_changelist"), {})
    return r


def _jawaban(klien: Client, metode: str, url: str, data: dict):
    cache.clear()  # the public verification counts attempts per client
    r = klien.post(url, data) if metode == "POST" else klien.get(url)
    if r.status_code == 302:
        lokasi = r["Location"]
        if lokasi.startswith(reverse("login")):
            return LOGIN
        if lokasi.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
    return r.status_code


def test_every_url_of_the_project_has_a_row_in_the_ladder():
    """A URL name or an admin model without a row fails here: its access has to be decided, not inherited."""
    nama = set(_nama_url())
    tanpa = sorted(n for n in nama if not n.startswith("admin:") and n not in TANGGA)
    assert tanpa == [], f"URL tanpa baris di tangga izin: {tanpa}"
    assert sorted(n for n in TANGGA if n not in nama) == [], "baris tangga tanpa URL"
    admin_situs = {
        n for n in nama if n.startswith("admin:") and not any(n.startswith(f"admin:{m.replace('.', '_')}_") for m in _model_admin())
    }
    assert sorted(admin_situs - set(ADMIN_SITUS)) == [], "halaman admin tanpa baris"
    model = _model_admin()
    assert sorted(model - set(ADMIN_MODEL) - MODEL_ADMIN) == [], "model admin tanpa keputusan"
    assert sorted((set(ADMIN_MODEL) | MODEL_ADMIN) - model) == [], "keputusan untuk model yang tidak terdaftar"


def test_the_ladder_answers_as_its_table_for_every_persona(opd, demo):
    """Every URL asked by every persona; a failure lists every URL and persona that answered otherwise."""
    klien = _persona(opd)
    url = _url(opd, demo["lra"])
    diharapkan = {n: h for n, (_m, h) in TANGGA.items()}
    diharapkan.update({n: h for n, h in ADMIN_SITUS.items() if h is not None})
    for label, h in ADMIN_MODEL.items():
        app, model = label.split(".")
        diharapkan[f"admin:{app}_{model}_changelist"] = h
    didapat = {}
    for nama in diharapkan:
        metode = TANGGA[nama][0] if nama in TANGGA else "GET"
        u, data = url[nama]
        if nama != "logout":  # it signs the persona out: asked last
            didapat[nama] = {p: _jawaban(klien[p], metode, u, data) for p in PERSONA}
    didapat["logout"] = {p: _jawaban(klien[p], "POST", url["logout"][0], {}) for p in PERSONA}
    beda = {n: {p: (h, diharapkan[n][p]) for p, h in d.items() if h != diharapkan[n][p]} for n, d in didapat.items()}
    beda = {n: b for n, b in beda.items() if b}
    assert not beda, "\n".join(f"{n}: {b}" for n, b in beda.items())


def test_models_other_than_those_he_manages_are_refused_to_the_pemda_administrator(client, opd):
    """Every admin model outside ``ADMIN_MODEL`` is refused to the pemda's administrator (403): he was given
    no permission there, and the table of ``MODEL_ADMIN`` is only the list of models that exist."""
    client.force_login(get_user_model().objects.get(username="adminpemda"))
    for label in MODEL_ADMIN:
        app, model = label.split(".")
        assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 403, label
