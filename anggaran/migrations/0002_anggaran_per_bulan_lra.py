"""A quarter's budget comes from the LRA of its own last month (decisions §3).

Each LRA line keeps the budget columns its month printed ("anggaran sebelum / setelah
perubahan"); the year-wide ``Pagu`` lines (rewritten by every newer LRA) and the typed
date ``TahunAnggaran.perubahan_berlaku`` go. Existing lines are filled from their own
stored file; where that file can no longer be read, from the pagu line the old code showed
(the year's newest LRA).
"""
import io
import logging

from django.db import migrations, models

logger = logging.getLogger(__name__)


def _dari_berkas(imp):
    """{(program, kegiatan, sub kegiatan, akun): (sebelum, setelah)} read from the import's own file, or None."""
    try:
        from anggaran.lra import baca_lra

        with imp.berkas.open("rb") as f:
            isi = f.read()
        dok = baca_lra(io.BytesIO(isi), nama_file=imp.nama_file)
    except Exception as exc:  # noqa: BLE001 - a missing or unreadable file of any kind: fall back to the year's pagu
        logger.warning("LRA %s-%02d (%s) tidak dapat dibaca ulang: %s", imp.tahun, imp.bulan, imp.nama_file, exc)
        return None
    hasil = {}
    for b in [*dok.sub_kegiatan(), *dok.rekening_daun()]:
        k = b.kode
        hasil[(k.program, k.kegiatan, k.sub_kegiatan, k.akun)] = (b.anggaran_sebelum, b.anggaran_setelah)
    return hasil


def isi_anggaran(apps, schema_editor):
    LraImport = apps.get_model("anggaran", "LraImport")
    Baris = apps.get_model("anggaran", "RealisasiAnggaran")
    Pagu = apps.get_model("anggaran", "Pagu")
    for imp in LraImport.objects.all().iterator():
        berkas = _dari_berkas(imp) or {}
        pagu = {
            (p.sub_kegiatan_id, p.kode_rekening): (p.sebelum_perubahan, p.setelah_perubahan)
            for p in Pagu.objects.filter(tahun=imp.tahun, sub_kegiatan__kegiatan__program__opd_id=imp.opd_id)
        }
        ubah = []
        for b in Baris.objects.filter(lra_import=imp).select_related("sub_kegiatan__kegiatan__program"):
            s = b.sub_kegiatan
            nilai = (
                berkas.get((s.kegiatan.program.kode, s.kegiatan.kode, s.kode, b.kode_rekening))
                or pagu.get((b.sub_kegiatan_id, b.kode_rekening))
                or (0, 0)
            )
            b.anggaran_sebelum, b.anggaran_setelah = nilai
            ubah.append(b)
        Baris.objects.bulk_update(ubah, ["anggaran_sebelum", "anggaran_setelah"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("anggaran", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="realisasianggaran",
            name="anggaran_sebelum",
            field=models.DecimalField(decimal_places=2, max_digits=18, null=True, verbose_name="anggaran sebelum perubahan"),
        ),
        migrations.AddField(
            model_name="realisasianggaran",
            name="anggaran_setelah",
            field=models.DecimalField(decimal_places=2, max_digits=18, null=True, verbose_name="anggaran setelah perubahan"),
        ),
        migrations.RunPython(isi_anggaran, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="realisasianggaran",
            name="anggaran_sebelum",
            field=models.DecimalField(decimal_places=2, max_digits=18, verbose_name="anggaran sebelum perubahan"),
        ),
        migrations.AlterField(
            model_name="realisasianggaran",
            name="anggaran_setelah",
            field=models.DecimalField(decimal_places=2, max_digits=18, verbose_name="anggaran setelah perubahan"),
        ),
        migrations.DeleteModel(name="HistoricalPagu"),
        migrations.DeleteModel(name="Pagu"),
        migrations.DeleteModel(name="TahunAnggaran"),
    ]
