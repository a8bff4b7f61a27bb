"""Refusals reach the user as an Indonesian page that says why, not Django's English default."""

from django.urls import reverse


def test_a_forbidden_page_shows_the_indonesian_reason(client, opd):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="indah"))
    resp = client.get(reverse("anggaran:index"))
    isi = resp.content.decode()
    assert resp.status_code == 403
    assert "Tindakan ini tidak diizinkan" in isi and "Hanya operator yang dapat mengimpor LRA." in isi
    assert "Forbidden" not in isi


def test_a_missing_page_is_in_indonesian(client, opd):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="indah"))
    resp = client.get("/tidak-ada/")
    isi = resp.content.decode()
    assert resp.status_code == 404 and "Halaman tidak ditemukan" in isi and "Not Found" not in isi
