"""The platform administration of people's access: users (with their roles and the staff lockout) and staff
memberships, whose changes go through the access services so that each is checked and logged."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from sammen.access import services, staff_security
from sammen.accounts.models import User
from sammen.audit import services as audit
from sammen.core.errors import SammenError
from sammen.municipalities.models import StaffMembership


class StaffMembershipInline(admin.TabularInline):
    """The person's roles, for reading; roles are granted and revoked under Staff memberships, which calls the
    services (so that each change is checked and logged)."""

    model = StaffMembership
    extra = 0
    can_delete = False
    readonly_fields = ["municipality", "role", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


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

    def has_delete_permission(self, request, obj=None):
        # An account is deleted by its owner ("Slet min konto") or by the retention job, through sammen.privacy, so
        # that every app's erase hook runs (a referral withdrawn, a seat passed on); never by a bare row delete.
        return False

    @admin.action(description=_("Unlock the chosen accounts"))
    def unlock(self, request, queryset):
        for user in queryset.exclude(locked_at=None):
            staff_security.unlock_account(user=user, by=request.user)
        messages.success(request, _("The accounts are unlocked."))


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "role"]
    list_filter = ["role", "municipality"]
    autocomplete_fields = ["user", "municipality"]
    fields = ["user", "municipality", "role"]

    def has_change_permission(self, request, obj=None):
        return False  # a role is granted or revoked, never edited into another one

    def save_model(self, request, obj, form, change):
        try:
            granted = services.grant_role(user=obj.user, municipality=obj.municipality, role=obj.role, by=request.user)
        except SammenError as error:
            raise PermissionDenied(str(error)) from error
        obj.pk = granted.pk

    def delete_model(self, request, obj):
        services.revoke_role(membership=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("municipality"):
            services.revoke_role(membership=membership, by=request.user)
