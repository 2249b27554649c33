from django.contrib import admin

from sammen.christmas.models import Campaign, Proposal


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """The campaigns for the platform administrators; registrations and proposals are citizens' data, seen by
    the municipality's coordinators on their pages (where each read is logged), not here."""

    list_display = ("title", "municipality", "kind", "year", "event_on")
    list_filter = ("kind", "year", "municipality")
    raw_id_fields = ("created_by",)
    filter_horizontal = ("partners",)
    readonly_fields = ("created_at",)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("campaign", "status", "score", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("campaign", "host", "guest")
    readonly_fields = ("parts", "created_at", "sent_at", "changed_at", "host_accepted_at", "guest_accepted_at")
