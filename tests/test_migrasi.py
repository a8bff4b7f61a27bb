"""The test database is built from the models (pytest's ``--nomigrations``: seconds, not the migrations'
fourteen per worker); the migrations are what every real database gets (``make run``, ``make prod-check``,
production). This holds the two the same: a model change without its migration fails here."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_migrations_build_exactly_the_models(settings):
    settings.MIGRATION_MODULES = {}  # the apps' own migrations, which --nomigrations hides from the test database
    keluar = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=keluar, stderr=keluar)
    except SystemExit as e:
        raise AssertionError(f"Model berubah tanpa migrasi:\n{keluar.getvalue()}") from e
    assert "No changes detected" in keluar.getvalue()
