"""The app's tables, as Django sees them (unmanaged: the app's migrations own them)."""

from django.db import models


class User(models.Model):
    role = models.CharField(max_length=16)
    enterprise_id = models.IntegerField(null=True)
    is_active = models.BooleanField()

    class Meta:
        managed = False
        db_table = "users"


class AuthSession(models.Model):
    token_hash = models.CharField(max_length=64, primary_key=True)
    user = models.ForeignKey(User, on_delete=models.DO_NOTHING, db_column="user_id")
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "auth_sessions"


class Enterprise(models.Model):
    certified_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "enterprises"


class WorkOrder(models.Model):
    kind = models.CharField(max_length=24)
    enterprise_id = models.IntegerField()
    state = models.CharField(max_length=24)
    row_version = models.IntegerField()
    updated_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "work_orders"

