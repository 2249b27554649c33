from django.contrib import admin

from sammen.visits.models import Pair, TalkRequest, VisitorRoom, VisitRequest


@admin.register(VisitRequest)
class VisitRequestAdmin(admin.ModelAdmin):
    list_display = ("citizen", "municipality", "status", "frequency", "created_at")
    list_filter = ("status", "municipality")
    raw_id_fields = ("citizen", "enrolled_by")
    readonly_fields = ("created_at", "withdrawn_at", "latitude", "longitude")


@admin.register(VisitorRoom)
class VisitorRoomAdmin(admin.ModelAdmin):
    list_display = ("volunteer", "capacity", "hours_per_month", "way", "max_km")
    raw_id_fields = ("volunteer",)


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ("request", "volunteer", "status", "score", "started_at")
    list_filter = ("status",)
    raw_id_fields = (
        "request",
        "volunteer",
        "conversation",
        "proposed_by",
        "confirmed_by",
        "ended_by",
        "citizen_acceptance_recorded_by",
    )
    readonly_fields = ("reasons", "proposed_at", "confirmed_at", "started_at", "ended_at")


@admin.register(TalkRequest)
class TalkRequestAdmin(admin.ModelAdmin):
    list_display = ("volunteer", "municipality", "created_at", "answered_at")
    raw_id_fields = ("volunteer", "answered_by")
