from django.contrib import admin

from sammen.taskbank.models import Task, TaskOffer


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "municipality", "starts_on", "status", "volunteers_needed")
    list_filter = ("status", "municipality")
    search_fields = ("title",)
    raw_id_fields = ("association", "unit", "created_by")
    readonly_fields = ("starts_at", "ends_at", "published_at", "cancelled_at", "created_at")


@admin.register(TaskOffer)
class TaskOfferAdmin(admin.ModelAdmin):
    list_display = ("task", "volunteer", "status", "hours")
    list_filter = ("status",)
    raw_id_fields = ("task", "volunteer", "confirmed_by")
    readonly_fields = ("created_at", "changed_at", "confirmed_at")
