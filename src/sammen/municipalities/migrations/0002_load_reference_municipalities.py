from django.db import migrations

from sammen.municipalities.reference import load_reference_municipalities


def load(apps, schema_editor):
    load_reference_municipalities(apps.get_model("municipalities", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
