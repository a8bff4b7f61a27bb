"""The narrative page read by the atasan (read-only) shows the text as the document prints it: a typed
paragraph as paragraphs, a list as a numbered list."""

from django.urls import reverse

from lkj.models import Narasi


def test_the_read_only_narrative_prints_paragraphs_as_paragraphs_and_lists_as_lists(client, staf, kasubag):
    jab = staf.pegawai.penugasan.get().jabatan
    Narasi.objects.filter(jabatan=jab, tahun=2025, triwulan=3).update(
        latar_belakang="Paragraf pertama tentang tugas.\nBaris lanjutannya.\n\nParagraf kedua.",
        upaya=["Lembur terjadwal", "Pelatihan aplikasi"],
    )
    client.force_login(kasubag)  # her atasan: reads, does not edit
    html = client.get(reverse("entri:narasi", args=[jab.pk, 2025, 3])).content.decode()
    assert "Anda melihat sebagai atasan" in html
    bagian = html[html.index('id="bagian-latar_belakang"') :].split('id="bagian-')[1]
    assert "<p>Paragraf pertama tentang tugas.<br>Baris lanjutannya.</p>" in bagian and "<p>Paragraf kedua.</p>" in bagian
    assert "<li>" not in bagian
    upaya = html[html.index('id="bagian-upaya"') :].split('id="bagian-')[1]
    assert "<li>Lembur terjadwal</li>" in upaya and "<li>Pelatihan aplikasi</li>" in upaya
