"""A signed quarter cannot move, whatever writes (decisions §7, issue 11).

The lock sits below every writer (``organisasi.kunci``): these tests sign the Kedungjajang
OPD LKj of TW III 2025 for real, then walk every model whose rows a document prints and try
to add, change and delete one of the quarter's rows — through the ORM (save, delete,
QuerySet.update/delete, bulk_update, bulk_create, a loaddata of a changed dump), through the services the pages call, and through
the Django admin as a superuser (change and delete pages, inlines). Every attempt is refused
and the quarter's E.81 is the same afterwards.
"""

import copy
import datetime
from decimal import Decimal
from functools import partial
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from lkj.e81 import laporan_e81
from lkj.selectors import pengukuran_opd
from organisasi.kunci import DataTerkunci, DataTriwulan, model_dijaga

TW = {"tahun": 2025, "triwulan": 3}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Models deliberately outside the lock, with the reason (a model added without a decision fails below).
TIDAK_DIKUNCI = {
    "organisasi.Pemda": "data induk; tidak mengubah angka",
    "organisasi.PerangkatDaerah": "data induk; tidak mengubah angka",
    "organisasi.Unit": "data induk",
    "organisasi.Jabatan": "data induk, dipakai lintas OPD dan tahun; riwayatnya disimpan",
    "organisasi.Pegawai": "data induk, dipakai lintas OPD dan tahun; riwayatnya disimpan",
    "organisasi.Penugasan": "data induk; riwayatnya disimpan",
    "organisasi.TriwulanTerkunci": "kunci itu sendiri, ditulis hanya oleh penandatanganan",
    "organisasi.VersiData": "stempel data, bukan data",
    "organisasi.PeranPemda": "hak baca pengguna; tidak ada angka atau teks cetak",
    "organisasi.OperatorOpd": "hak tulis pengguna; tidak ada angka atau teks cetak",
    "lkj.Laporan": "catatan tinjauan, ditulis hanya oleh alur tinjauan",
    "lkj.Transisi": "catatan tinjauan",
    "lkj.Tandatangan": "catatan tinjauan",
    "lkj.DokumenTertanda": "berkas bertanda tangan, disimpan untuk selamanya",
    "lkj.EvaluasiE81": "catatan evaluasi Bappeda atas Formulir E.81 bertanda tangan, ditulis hanya oleh alur evaluasi",
    "lkj.DokumenRender": "cache dokumen",
    "organisasi.LaporanDitinjau": "pembekuan selama tinjauan, ditulis hanya oleh alur tinjauan",
    "lkj.DenyutPekerja": "denyut pekerja dokumen, bukan data",
    "renja.Nomenklatur": "daftar acuan nasional untuk memeriksa kode; tidak ada angka atau teks cetak yang diambil darinya",
    "anggaran.KodeRekening": "daftar acuan untuk memeriksa kode LRA; tidak ada angka atau teks cetak yang diambil darinya",
}


def test_every_model_of_the_data_apps_is_locked_or_says_why_not(db):
    tanpa = []
    for label in ("organisasi", "renja", "anggaran", "perjanjian", "lkj"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            if not issubclass(model, DataTriwulan) and model._meta.label not in TIDAK_DIKUNCI:
                tanpa.append(model._meta.label)
    assert tanpa == [], f"model tanpa keputusan kunci triwulan: {tanpa}"


# --- the signed quarter ------------------------------------------------------------------------


def _user(nama):
    return get_user_model().objects.get(username=nama)


@pytest.fixture
def ditandatangani(opd, settings, tmp_path):
    """Evidence and a photo on TW III, then the camat signs the OPD LKj and E.81 (the real service)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lkj.entri.services import dokumentasi_tambah
    from lkj.tinjauan import services as svc
    from renja.models import Indikator, Realisasi
    from renja.realisasi_services import bukti_tambah
    from tests.entri.conftest import png_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    r = Realisasi.objects.filter(indikator__opd=opd, nilai__isnull=False, **TW).select_related("indikator").first()
    bukti_tambah(indikator=r.indikator, **TW, berkas=SimpleUploadedFile("bukti.pdf", PDF), keterangan="Notulen", oleh=_user("operator"))
    dokumentasi_tambah(
        opd=opd,
        jabatan=None,
        **TW,
        foto=SimpleUploadedFile("foto.png", png_bytes()),
        keterangan="Rapat",
        tanggal=datetime.date(2025, 9, 10),
        oleh=_user("operator"),
    )
    assert Indikator.objects.filter(opd=opd).exists()
    from renja.models import NilaiRenstra

    # the demo has no Renstra figures (the seed prints none): one end target, printed in E.81 column 6
    NilaiRenstra.objects.create(indikator=r.indikator, periode="2025-2029", kinerja=Decimal(10))
    svc.laporan_ajukan(opd=opd, **TW, oleh=_user("bambang"))
    svc.laporan_tanggapi(opd=opd, **TW, oleh=_user("samsul"), tanggapan="sudah_baik")
    svc.laporan_tandatangani(opd=opd, **TW, oleh=_user("samsul"), alasan_pengecualian="Batas waktu Bupati")
    return opd


def _e81(opd):
    return laporan_e81(pengukuran_opd(opd, 2025, 3)).as_json()


def _baris_triwulan(opd):
    """One row of the signed quarter per guarded model, with a change a document would print."""
    M = apps.get_model
    akhir = datetime.date(2025, 9, 30)
    pk_baris = M("perjanjian.PKBaris").objects.filter(versi__perjanjian__jabatan__opd=opd, versi__tanggal__lte=akhir).first()
    lra = M("anggaran.LraImport").objects.get(opd=opd, tahun=2025, bulan=9, aktif=True)
    return {
        "renja.Tujuan": (M("renja.Tujuan").objects.filter(opd=opd).first(), "uraian", "Tujuan diubah"),
        "renja.Sasaran": (M("renja.Sasaran").objects.filter(tujuan__opd=opd).first(), "uraian", "Sasaran diubah"),
        "renja.Program": (M("renja.Program").objects.filter(opd=opd, tahun=2025).first(), "nama", "Program diubah"),
        "renja.Kegiatan": (M("renja.Kegiatan").objects.filter(program__opd=opd, program__tahun=2025).first(), "nama", "Diubah"),
        "renja.SubKegiatan": (M("renja.SubKegiatan").objects.filter(kegiatan__program__opd=opd).first(), "nama", "Diubah"),
        "renja.Indikator": (M("renja.Indikator").objects.filter(opd=opd, program__isnull=False).first(), "uraian", "Diubah"),
        "renja.Target": (M("renja.Target").objects.filter(indikator__opd=opd, tahun=2025).first(), "nilai", Decimal(1)),
        "renja.Realisasi": (
            M("renja.Realisasi").objects.filter(indikator__opd=opd, nilai__isnull=False, **TW).first(),
            "nilai",
            Decimal(1),
        ),
        "renja.BuktiDukung": (M("renja.BuktiDukung").objects.filter(indikator__opd=opd, **TW).first(), "keterangan", "Diubah"),
        "renja.NilaiRenstra": (M("renja.NilaiRenstra").objects.filter(indikator__opd=opd).first(), "kinerja", Decimal(1)),
        "renja.Aktivitas": (M("renja.Aktivitas").objects.filter(kegiatan__program__opd=opd, tahun=2025).first(), "rencana", 999),
        "renja.AktivitasRealisasi": (
            M("renja.AktivitasRealisasi").objects.filter(aktivitas__kegiatan__program__opd=opd, triwulan=3, terlaksana__gt=0).first(),
            "terlaksana",
            0,
        ),
        "anggaran.LraImport": (lra, "aktif", False),
        "anggaran.RealisasiAnggaran": (lra.baris.first(), "anggaran_setelah", Decimal(1)),
        "perjanjian.PerjanjianKinerja": (
            pk_baris.versi.perjanjian,
            "jabatan_id",  # moved to a jabatan without a 2025 PK
            M("organisasi.Jabatan").objects.filter(opd__isnull=True).values_list("pk", flat=True).first(),
        ),
        "perjanjian.PKVersi": (pk_baris.versi, "pihak_pertama_jabatan_label", "DIUBAH"),
        "perjanjian.PKBaris": (pk_baris, "target", Decimal(1)),
        "perjanjian.PKAnggaran": (
            M("perjanjian.PKAnggaran").objects.filter(versi=pk_baris.versi).first()
            or M("perjanjian.PKAnggaran").objects.filter(versi__perjanjian__jabatan__opd=opd).first(),
            "sumber_dana",
            "PAD",
        ),
        "lkj.PredikatPita": (M("lkj.PredikatPita").objects.filter(pemda=opd.pemda).first(), "predikat", "Diubah"),
        "lkj.PengaturanPengukuran": (M("lkj.PengaturanPengukuran").objects.get(pemda=opd.pemda), "tingkat_rata_rata", "kegiatan"),
        "lkj.Narasi": (M("lkj.Narasi").objects.filter(opd=opd, jabatan__isnull=True, **TW).first(), "latar_belakang", "Diubah"),
        "lkj.Dokumentasi": (M("lkj.Dokumentasi").objects.filter(narasi__opd=opd, narasi__triwulan=3).first(), "keterangan", "Diubah"),
    }


def _ditolak(fungsi):
    """The attempt raises the lock's refusal (or, for a delete, the row is protected anyway); nothing is written."""
    with pytest.raises((DataTerkunci, ProtectedError)) as exc, transaction.atomic():
        fungsi()
    return exc.value


def _nilai(obj, bidang):
    return type(obj)._base_manager.filter(pk=obj.pk).values_list(bidang, flat=True).first()


def _diubah(model, pk, bidang, baru):
    o = model._base_manager.get(pk=pk)
    setattr(o, bidang, baru)
    return o


def _muat_ulang(model, pk, bidang, baru):
    """loaddata of a dump with the row changed."""
    from django.core import serializers

    for d in serializers.deserialize("json", serializers.serialize("json", [_diubah(model, pk, bidang, baru)])):
        d.save()


def _salinan(model, pk):
    o = copy.copy(model._base_manager.get(pk=pk))
    o.pk = o.id = None
    o._state.adding = True
    return o


# Every ORM path that writes a row: (name, write(model, pk, field, new value)).
PERCOBAAN = (
    ("save", lambda m, pk, b, v: _diubah(m, pk, b, v).save()),
    ("update", lambda m, pk, b, v: m.objects.filter(pk=pk).update(**{b: v})),
    ("bulk_update", lambda m, pk, b, v: m.objects.bulk_update([_diubah(m, pk, b, v)], [b])),
    ("loaddata", _muat_ulang),
    ("delete", lambda m, pk, b, v: m._base_manager.get(pk=pk).delete()),
    ("queryset delete", lambda m, pk, b, v: m.objects.filter(pk=pk).delete()),
    ("add", lambda m, pk, b, v: _salinan(m, pk).save()),
    ("bulk_create", lambda m, pk, b, v: m.objects.bulk_create([_salinan(m, pk)])),
)


def test_every_orm_write_of_a_signed_quarters_row_is_refused(ditandatangani):
    opd = ditandatangani
    sebelum = _e81(opd)
    baris = _baris_triwulan(opd)
    assert set(baris) == {m._meta.label for m in model_dijaga()}, "setiap model yang dikunci punya baris uji"
    for label, (obj, bidang, baru) in baris.items():
        assert obj is not None, label
        lama = _nilai(obj, bidang)
        for nama, tulis in PERCOBAAN:
            if label == "perjanjian.PerjanjianKinerja" and nama in ("add", "bulk_create"):
                continue  # a PK without a version prints nowhere: adding one is allowed
            galat = _ditolak(partial(tulis, type(obj), obj.pk, bidang, baru))
            if isinstance(galat, DataTerkunci):
                pesan = " ".join(galat.messages)
                assert "Data Triwulan III Tahun 2025 sudah dibekukan karena LKj Kecamatan Kedungjajang" in pesan, (label, nama)
                assert "hanya dapat dibuka kembali oleh kepala perangkat daerah" in pesan, (label, nama)
            else:
                assert nama.endswith("delete"), (label, nama)  # a row other rows protect: Django refuses first
            assert _nilai(obj, bidang) == lama, (label, nama)
    assert _e81(opd) == sebelum


def test_the_services_the_pages_call_are_refused_too(ditandatangani, kasi_pelum_paten):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lkj.entri.services import dokumentasi_hapus, narasi_simpan
    from lkj.models import Dokumentasi
    from renja.models import BuktiDukung, Realisasi
    from renja.realisasi_services import bukti_hapus, bukti_tambah, realisasi_simpan

    opd = ditandatangani
    sebelum = _e81(opd)
    op = _user("operator")
    ind, jab = kasi_pelum_paten
    r = Realisasi.objects.get(indikator=ind, **TW)
    for fungsi in (
        lambda: realisasi_simpan(indikator=ind, **TW, nilai=Decimal(1), oleh=op, versi_diharapkan=r.versi),
        lambda: realisasi_simpan(
            indikator=ind,
            tahun=2025,
            triwulan=2,
            nilai=Decimal(1),
            oleh=op,  # printed in TW III's E.81
            versi_diharapkan=getattr(Realisasi.objects.filter(indikator=ind, tahun=2025, triwulan=2).first(), "versi", 0),
        ),
        lambda: bukti_tambah(indikator=ind, **TW, berkas=SimpleUploadedFile("b.pdf", PDF), oleh=op),
        lambda: bukti_hapus(bukti=BuktiDukung.objects.filter(indikator__opd=opd, **TW).first(), oleh=op),
        lambda: narasi_simpan(opd=opd, jabatan=None, **TW, daftar={"upaya": ["x"]}, oleh=op),
        lambda: narasi_simpan(opd=opd, jabatan=jab, **TW, daftar={"upaya": ["x"]}, oleh=op),
        lambda: dokumentasi_hapus(dokumentasi=Dokumentasi.objects.filter(narasi__opd=opd).first(), oleh=op),
    ):
        with pytest.raises(DataTerkunci, match="sudah dibekukan"), transaction.atomic():
            fungsi()
    assert _e81(opd) == sebelum
    # the next quarter stays open
    realisasi_simpan(indikator=ind, tahun=2025, triwulan=4, nilai=Decimal(1), oleh=op, versi_diharapkan=0)


@pytest.fixture
def kasi_pelum_paten(opd):
    from perjanjian.models import PKBaris

    b = (
        PKBaris.objects.filter(
            versi__perjanjian__jabatan__opd=opd,
            indikator__sumber_realisasi="input",
            indikator__realisasi__nilai__isnull=False,
            indikator__realisasi__triwulan=3,
        )
        .select_related("indikator", "versi__perjanjian__jabatan")
        .first()
    )
    return b.indikator, b.versi.perjanjian.jabatan


# --- the admin ---------------------------------------------------------------------------------


class _Formulir(HTMLParser):
    """The fields a browser would post from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.data, self._dalam, self._pilih, self._teks, self._selesai = {}, False, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._selesai:
            return
        if tag == "form" and a.get("method", "").lower() == "post" and a.get("id", "").endswith("_form"):
            self._dalam = True  # the change form (the header's logout form is a post form too)
        if not self._dalam:
            return
        nama = a.get("name")
        if tag == "input" and nama:
            jenis = a.get("type", "text")
            if jenis in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(nama, []).append(a.get("value", "on"))
            elif jenis not in ("file", "submit", "button", "image"):
                self.data.setdefault(nama, []).append(a.get("value", ""))
        elif tag == "select" and nama:
            self._pilih = nama
            self.data.setdefault(nama, [])
        elif tag == "option" and self._pilih and "selected" in a:
            self.data[self._pilih].append(a.get("value", ""))
        elif tag == "textarea" and nama:
            self._teks = nama
            self.data[nama] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._pilih = None
        elif tag == "textarea":
            self._teks = None
        elif tag == "form" and self._dalam:
            self._dalam, self._selesai = False, True

    def handle_data(self, data):
        if self._teks:
            self.data[self._teks][0] += data.lstrip("\n") if not self.data[self._teks][0] else data


def _formulir(client, url) -> dict:
    r = client.get(url)
    assert r.status_code == 200, url
    p = _Formulir()
    p.feed(r.content.decode())
    return {k: v if len(v) != 1 else v[0] for k, v in p.data.items()}


def _url(obj, aksi):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{aksi}", args=[obj.pk])


def _ditolak_admin(r, label, *, dilindungi_boleh=False):
    """Refused and said: back to the same page with the lock's message (a delete of a row other rows
    protect may instead stop at Django's own "protected" page, which deletes nothing either)."""
    if dilindungi_boleh and r.status_code == 200:
        halaman = r.content.decode()
        assert "terlindungi" in halaman or "dilindungi" in halaman, label
        return
    assert r.status_code == 302, (label, r.status_code)
    halaman = r.client.get(r["Location"]).content.decode()
    assert "sudah dibekukan" in halaman and "dibuka kembali oleh" in halaman, label


def _induk_inline(model):
    for induk, ma in admin.site._registry.items():
        for i, inline in enumerate(ma.inlines):
            if inline.model is model:
                return induk, i
    return None, None


def test_every_admin_save_and_delete_of_a_signed_quarters_row_is_refused_with_a_message(ditandatangani, client):
    opd = ditandatangani
    sebelum = _e81(opd)
    client.force_login(_user("operator"))
    dicoba = 0
    for label, (obj, bidang, baru) in _baris_triwulan(opd).items():
        lama = _nilai(obj, bidang)
        model = type(obj)
        f = model._meta.get_field(bidang)
        nilai_post = ("on" if baru else "") if isinstance(baru, bool) else str(baru)
        if model in admin.site._registry and f.name in _formulir(client, _url(obj, "change")):
            data = _formulir(client, _url(obj, "change"))
            data[f.name] = nilai_post
            if f.get_internal_type() == "BooleanField" and not baru:
                data.pop(f.name)
            r = client.post(_url(obj, "change"), {**data, "_save": "Simpan"})
            _ditolak_admin(r, (label, "ubah"))
            assert _nilai(obj, bidang) == lama, label
            r = client.post(_url(obj, "delete"), {"post": "yes"})
            _ditolak_admin(r, (label, "hapus"), dilindungi_boleh=True)
            assert model._base_manager.filter(pk=obj.pk).exists(), label
            dicoba += 1
        induk_model, _ = _induk_inline(model)
        if induk_model is not None:  # the same row through its parent's inline
            induk = getattr(obj, next(fk.name for fk in model._meta.fields if fk.related_model is induk_model))
            data = _formulir(client, _url(induk, "change"))
            awalan = next((k[: -len("-id")] for k, v in data.items() if k.endswith("-id") and str(v) == str(obj.pk)), None)
            assert awalan is not None, (label, sorted(data)[:40])
            if f"{awalan}-{f.name}" in data:
                r = client.post(_url(induk, "change"), {**data, f"{awalan}-{f.name}": nilai_post, "_save": "Simpan"})
                _ditolak_admin(r, (label, "ubah lewat inline"))
                assert _nilai(obj, bidang) == lama, label
            if f"{awalan}-DELETE" in data or any(k.startswith(awalan) for k in data):
                r = client.post(_url(induk, "change"), {**data, f"{awalan}-DELETE": "on", "_save": "Simpan"})
                _ditolak_admin(r, (label, "hapus lewat inline"), dilindungi_boleh=True)
                assert model._base_manager.filter(pk=obj.pk).exists(), label
            dicoba += 1
    assert dicoba >= len(model_dijaga())
    # the list's bulk delete action
    from renja.models import Realisasi

    r = client.post(
        reverse("admin:renja_realisasi_changelist"),
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": list(Realisasi.objects.filter(indikator__opd=opd, **TW).values_list("pk", flat=True)[:3]),
        },
    )
    _ditolak_admin(r, "hapus massal")
    assert _e81(opd) == sebelum


def test_the_next_quarter_stays_open_in_the_admin_and_an_earlier_one_is_frozen_with_it(ditandatangani, client):
    from renja.models import Realisasi

    client.force_login(_user("operator"))
    contoh = Realisasi.objects.filter(indikator__opd=ditandatangani, nilai__isnull=False, **TW).first()
    tw4 = Realisasi.objects.create(indikator=contoh.indikator, tahun=2025, triwulan=4, nilai=Decimal(1))
    data = _formulir(client, _url(tw4, "change"))
    r = client.post(_url(tw4, "change"), {**data, "nilai": "2", "_save": "Simpan"})
    assert r.status_code == 302 and "sudah dibekukan" not in client.get(r["Location"]).content.decode()
    assert _nilai(tw4, "nilai") == 2

    # TW II is printed in TW III's E.81 column: adding it now is refused, and said
    data = _formulir(client, reverse("admin:renja_realisasi_add"))
    r = client.post(
        reverse("admin:renja_realisasi_add"),
        {**data, "indikator": contoh.indikator_id, "tahun": "2025", "triwulan": "2", "nilai": "1", "_save": "Simpan"},
    )
    _ditolak_admin(r, "tambah TW II")
    assert not Realisasi.objects.filter(indikator=contoh.indikator, tahun=2025, triwulan=2).exists()
