import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Fields and regions get created_at/updated_at (the API's ?updated_since=); existing
    terms count as created and updated now."""

    dependencies = [
        ("agreements", "0012_add_status_fixed"),
    ]

    operations = [
        migrations.AddField(
            model_name=model,
            name=name,
            field=models.DateTimeField(
                auto_now_add=name == "created_at",
                auto_now=name == "updated_at",
                default=django.utils.timezone.now,
            ),
            preserve_default=False,
        )
        for model in ("cooperationfield", "region")
        for name in ("created_at", "updated_at")
    ] + [
        migrations.AddField(
            model_name=model,
            name=name,
            field=models.DateTimeField(
                blank=True, editable=False, default=django.utils.timezone.now
            ),
            preserve_default=False,
        )
        for model in ("historicalcooperationfield", "historicalregion")
        for name in ("created_at", "updated_at")
    ]
