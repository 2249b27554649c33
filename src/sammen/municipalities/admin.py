from django.contrib import admin

from sammen.municipalities.models import Municipality, ParticipationPeriod, StaffMembership


class ParticipationPeriodInline(admin.TabularInline):
    model = ParticipationPeriod
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region_name", "population_over_14"]
    list_filter = ["region_name"]
    search_fields = ["name", "code"]
    readonly_fields = ["code", "region_code", "region_name"]
    inlines = [ParticipationPeriodInline]


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "role"]
    list_filter = ["role", "municipality"]
    autocomplete_fields = ["user", "municipality"]
