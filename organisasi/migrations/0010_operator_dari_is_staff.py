"""Operators were ``is_staff`` accounts acting in the OPDs where they hold a jabatan; they are now an explicit
``OperatorOpd``. Keep what each such account could do: one row per (account, OPD of a jabatan he holds).
Superusers need none (operator of every OPD). Reversing removes nothing another act may have added."""

from django.db import migrations


def maju(apps, schema_editor):
    User = apps.get_model("auth", "User")
    Penugasan = apps.get_model("organisasi", "Penugasan")
    OperatorOpd = apps.get_model("organisasi", "OperatorOpd")
    staf = User.objects.filter(is_staff=True, is_superuser=False)
    pasangan = set(
        Penugasan.objects.filter(pegawai__user__in=staf, jabatan__opd__isnull=False).values_list("pegawai__user_id", "jabatan__opd_id")
    )
    for user_id, opd_id in sorted(pasangan):
        OperatorOpd.objects.get_or_create(user_id=user_id, opd_id=opd_id)


class Migration(migrations.Migration):
    dependencies = [
        ("organisasi", "0009_jabatan_kepala_bappeda"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(maju, migrations.RunPython.noop)]
