from django.contrib import admin

from sammen.municipalities.models import Municipality, ParticipationPeriod


class ParticipationPeriodInline(admin.TabularInline):
    """For reading: participation starts and ends on the staff pages, through the services that log it."""

    model = ParticipationPeriod
    extra = 0
    can_delete = False
    readonly_fields = ["starts_on", "ends_on"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region_name", "population_over_14"]
    list_filter = ["region_name"]
    search_fields = ["name", "code"]
    readonly_fields = ["code", "region_code", "region_name"]
    inlines = [ParticipationPeriodInline]
