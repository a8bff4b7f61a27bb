"""Targets belong to the PK version (decisions §5): every existing PK row takes the indicator's
annual Renja target of its year, which is what the measurement used until now."""
import django.core.validators
from django.db import migrations, models


def isi_target(apps, schema_editor):
    PKBaris = apps.get_model("perjanjian", "PKBaris")
    Target = apps.get_model("renja", "Target")
    tahunan = {(t.indikator_id, t.tahun): t.nilai for t in Target.objects.filter(triwulan__isnull=True)}
    ubah = []
    for b in PKBaris.objects.select_related("versi__perjanjian"):
        b.target = tahunan.get((b.indikator_id, b.versi.perjanjian.tahun))
        if b.target is not None:
            ubah.append(b)
    PKBaris.objects.bulk_update(ubah, ["target"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('perjanjian', '0001_initial'),
        ('renja', '0003_riwayat_bukti_dukung'),
    ]

    operations = [
        migrations.AddField(
            model_name='pkbaris',
            name='target',
            field=models.DecimalField(blank=True, decimal_places=4, help_text='Target versi PK ini; triwulan memakai target versi yang berlaku pada akhir triwulannya.', max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='target tahunan'),
        ),
        migrations.RunPython(isi_target, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='pkbaris',
            constraint=models.CheckConstraint(condition=models.Q(('target__isnull', True), ('target__gte', 0), _connector='OR'), name='pk_baris_target_tidak_negatif', violation_error_message='Target tidak boleh negatif.'),
        ),
    ]
