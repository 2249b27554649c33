from django.contrib import admin

from sammen.accounts.models import Consent


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "version", "given_at"]
    readonly_fields = ["user", "kind", "version", "given_at"]
