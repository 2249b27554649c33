from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="offer",
            index=models.Index(fields=["status", "title", "id"], name="offer_status_title"),
        ),
    ]
