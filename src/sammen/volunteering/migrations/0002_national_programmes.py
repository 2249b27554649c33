from django.db import migrations

from sammen.volunteering.reference import load_national_programmes, remove_national_programmes


def load(apps, schema_editor):
    load_national_programmes(apps)


def remove(apps, schema_editor):
    remove_national_programmes(apps)


class Migration(migrations.Migration):
    dependencies = [("volunteering", "0001_initial")]
    operations = [migrations.RunPython(load, remove)]
