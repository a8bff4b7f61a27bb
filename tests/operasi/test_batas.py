"""Resource limits: every typed text has a length limit (model and form), images are refused by their
declared size before they are decoded."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from dasar import batas
from lkj.entri import services as narasi_services
from lkj.models import Narasi
from renja.models import BuktiDukung, Indikator
from tests.entri.test_views import HX, kasi_pelum, paten
from tests.lkj.test_masukan_buruk import _png_raksasa


def _masuk(client, nama="sudarmi"):
    client.force_login(get_user_model().objects.get(username=nama))
    return client


def test_every_text_field_of_the_data_apps_has_a_length_limit():
    from django.apps import apps
    from django.db import models

    tanpa = []
    for label in ("organisasi", "renja", "anggaran", "perjanjian", "lkj", "pengingat"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue  # django-simple-history's copies: written from the checked rows only
            for f in model._meta.get_fields():
                if isinstance(f, (models.CharField, models.TextField)) and not f.max_length:
                    tanpa.append(f"{model._meta.label}.{f.name}")
                if (
                    isinstance(f, models.TextField)
                    and f.max_length
                    and not any(getattr(v, "limit_value", None) == f.max_length for v in f.validators)
                ):
                    tanpa.append(f"{model._meta.label}.{f.name} (tanpa validator)")
    assert tanpa == []


def test_the_model_check_refuses_text_past_its_limit(opd):
    ind = Indikator.objects.filter(opd=opd).first()
    ind.formulasi = "x" * (batas.FORMULASI + 1)
    with pytest.raises(ValidationError, match="paling banyak 1000 karakter|at most 1000"):
        ind.full_clean()


def test_a_narrative_list_past_its_limits_is_refused_at_its_field(client, kasi_pelum):
    url = reverse("entri:narasi", args=[kasi_pelum.pk, 2025, 3])
    c = _masuk(client)
    sebelum = list(Narasi.objects.filter(jabatan=kasi_pelum).values())
    html = c.get(url).content.decode()
    assert f'maxlength="{batas.NARASI_JUMLAH_BUTIR * (batas.NARASI_BUTIR + 2)}"' in html
    r = c.post(url, {"faktor_pendukung": "a" * 1001})
    assert "Butir ke-1 terlalu panjang (1001 karakter; paling banyak 1000)" in r.content.decode()
    r = c.post(url, {"upaya": "\n".join(f"butir {i}" for i in range(31))})
    assert "Paling banyak 30 butir (ada 31)" in r.content.decode()
    r = c.post(url, {"rencana_tindak_lanjut": "x" * 40000})
    assert "paling banyak 30060 karakter" in r.content.decode().replace(".", "")
    assert list(Narasi.objects.filter(jabatan=kasi_pelum).values()) == sebelum


def test_the_narrative_service_refuses_what_the_form_would_have(opd, kasi_pelum):
    with pytest.raises(ValidationError) as exc:
        narasi_services.narasi_simpan(opd=opd, jabatan=kasi_pelum, tahun=2025, triwulan=3, daftar={"upaya": ["x" * 1001]}, oleh=None)
    assert "Butir ke-1 terlalu panjang" in str(exc.value.message_dict["upaya"])


@pytest.fixture
def tanpa_dekode(monkeypatch):
    """Fail the test if any pixel is decoded."""

    def dilarang(*a, **k):
        raise AssertionError("gambar didekode sebelum ukurannya diperiksa")

    monkeypatch.setattr(Image.Image, "load", dilarang)
    monkeypatch.setattr(Image.Image, "verify", dilarang)


def test_a_13000_pixel_square_evidence_image_is_refused_before_decoding(client, kasi_pelum, paten, tanpa_dekode):
    url = reverse("entri:bukti_unggah", args=[kasi_pelum.pk, 2025, 3, paten.pk])
    r = _masuk(client).post(url, {"berkas": SimpleUploadedFile("foto.png", _png_raksasa(13000, 13000))}, **HX)
    assert r.status_code == 422
    assert "13.000 × 13.000 piksel (169 megapiksel), melebihi batas 50 megapiksel" in r.content.decode()
    assert not BuktiDukung.objects.exists()


def test_a_huge_dokumentasi_photo_is_refused_before_decoding(opd, kasi_pelum, tanpa_dekode):
    import datetime

    foto = SimpleUploadedFile("foto.png", _png_raksasa(9000, 9000))
    with pytest.raises(ValidationError, match="81 megapiksel"):
        narasi_services.dokumentasi_tambah(
            opd=opd, jabatan=kasi_pelum, tahun=2025, triwulan=3, foto=foto, keterangan="Rapat", tanggal=datetime.date(2025, 9, 1), oleh=None
        )
