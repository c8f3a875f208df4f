"""企业认证: the declared type (declaration) and what the enterprise's page asks (actions)."""

from harbin_app.services.certification.actions import (
    CertificationView,
    EnterpriseStatus,
    load,
    require_enterprise,
    revise,
    save,
    start,
    status,
    submit,
)
from harbin_app.services.certification.declaration import (
    CERTIFIED,
    DRAFT,
    FIELDS,
    FORM,
    KIND,
    LIMITS,
    REJECTED,
    SUBMITTED,
    TAKEN,
    TYPE,
    WORKFLOW,
    blank,
    display_fields,
    normalise,
    problems,
)

__all__ = [
    "CERTIFIED", "DRAFT", "FIELDS", "FORM", "KIND", "LIMITS", "REJECTED", "SUBMITTED", "TAKEN", "TYPE", "WORKFLOW",
    "CertificationView", "EnterpriseStatus", "blank", "display_fields", "load", "normalise", "problems", "require_enterprise", "revise", "save", "start",
    "status", "submit",
]
