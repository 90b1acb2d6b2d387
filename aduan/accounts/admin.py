from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from aduan.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Aduan", {"fields": ("name", "nip", "jabatan", "pangkat")}),
    )
    list_display = ("username", "name", "nip", "is_active")
    inlines = [MembershipInline]
