from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from sammen.accounts import services
from sammen.accounts.models import Consent, User
from sammen.audit import services as audit
from sammen.municipalities.models import StaffMembership


class StaffMembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 0


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "display_name", "municipality", "is_active", "locked_at"]
    list_filter = ["is_active", "is_superuser", "municipality"]
    search_fields = ["email", "display_name"]
    list_select_related = ["municipality"]
    exclude = ["password", "user_permissions", "groups"]
    readonly_fields = ["last_login", "date_joined", "locked_at"]
    inlines = [StaffMembershipInline]
    actions = ["unlock"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        user = self.get_object(request, object_id)
        if user is not None:
            audit.record_personal_data_read(viewer=request.user, data_subject=user, what="admin.user.profile")
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Unlock the chosen accounts"))
    def unlock(self, request, queryset):
        for user in queryset.exclude(locked_at=None):
            services.unlock_account(user=user, by=request.user)
        messages.success(request, _("The accounts are unlocked."))


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "version", "given_at"]
    readonly_fields = ["user", "kind", "version", "given_at"]
