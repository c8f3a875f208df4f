"""SQLModel tables. Import this package to register every table on SQLModel.metadata."""

from harbin_app.models.acceptance import AcceptanceResult
from harbin_app.models.accounts import AuthSession, SliderChallenge, SmsCode, User
from harbin_app.models.admin import AdminLog, PlatformSetting, PlatformSettingsVersion, SettingChange
from harbin_app.models.assessment import Assessment, AssessmentDraft
from harbin_app.models.enterprise import Enterprise
from harbin_app.models.funding import Payment, PublicationBatch, PublicationItem, PublicationWithdrawal
from harbin_app.models.files import OrderFile, StoredFile, WorkOrderAttachment
from harbin_app.models.notifications import Notification, Reminder, SmsNotice
from harbin_app.models.workorder import WorkOrder, WorkOrderDraftValue, WorkOrderLog, WorkOrderSnapshot

__all__ = [
    "AcceptanceResult",
    "AdminLog",
    "Assessment",
    "AssessmentDraft",
    "AuthSession",
    "Enterprise",
    "Notification",
    "OrderFile",
    "Payment",
    "PlatformSetting",
    "PlatformSettingsVersion",
    "PublicationBatch",
    "PublicationItem",
    "PublicationWithdrawal",
    "Reminder",
    "SettingChange",
    "SliderChallenge",
    "SmsNotice",
    "SmsCode",
    "StoredFile",
    "User",
    "WorkOrder",
    "WorkOrderAttachment",
    "WorkOrderDraftValue",
    "WorkOrderLog",
    "WorkOrderSnapshot",
]
