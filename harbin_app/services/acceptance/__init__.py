"""验收申请: the form (form), the checks (rules), the figures (amounts), the declared type
(declaration, display, documents, records) and what the enterprise's pages ask (actions)."""

from harbin_app.services.acceptance.actions import (
    NOT_POOLED,
    AcceptanceView,
    document,
    entries,
    kept_after,
    load,
    pooled_enterprise,
    save,
    start,
    submit,
)
from harbin_app.services.acceptance.declaration import (
    ACCEPTED,
    AFTER_PASS,
    AWAITING_STAMPED,
    AWAITING_VISIT,
    DEFAULT_REQUIREMENTS,
    DRAFT,
    KIND,
    RECTIFYING,
    REJECTED,
    STAMPED_LABEL,
    STAMPED_REJECTED,
    STAMPED_REVIEW,
    STAMPED_SLOT,
    SUBMITTED,
    SUPPLEMENT_REVIEW,
    SUPPLEMENTING,
    TYPE,
    VISIT_BOOKED,
    VISIT_CONFIRMED,
    WORKFLOW,
    suggestion,
)
from harbin_app.services.acceptance.documents import DOCUMENTS
from harbin_app.services.acceptance.form import (
    CONTRACTS,
    EXTRAS,
    FORM,
    INDICATORS,
    INVOICES,
    MATERIALS,
    MAX_PROJECTS,
    PRODUCT_CATEGORIES,
    PRODUCTS,
    PROJECT_FILES,
    PROVIDERS,
    SECTIONS,
    normalise,
    prefill,
)
from harbin_app.services.acceptance.rules import Rules, problems, rules_from, section_of

__all__ = [
    "ACCEPTED", "AFTER_PASS", "AWAITING_STAMPED", "AWAITING_VISIT", "CONTRACTS", "DEFAULT_REQUIREMENTS",
    "DOCUMENTS", "DRAFT", "EXTRAS", "FORM", "INDICATORS", "INVOICES", "KIND", "MATERIALS", "MAX_PROJECTS",
    "NOT_POOLED", "PRODUCTS", "PRODUCT_CATEGORIES", "PROJECT_FILES", "PROVIDERS", "RECTIFYING", "REJECTED",
    "SECTIONS", "STAMPED_LABEL", "STAMPED_REJECTED", "STAMPED_REVIEW", "STAMPED_SLOT", "SUBMITTED",
    "SUPPLEMENTING", "SUPPLEMENT_REVIEW", "TYPE", "VISIT_BOOKED", "VISIT_CONFIRMED", "WORKFLOW",
    "AcceptanceView", "Rules", "document", "entries", "kept_after", "load", "normalise", "pooled_enterprise",
    "prefill", "problems", "rules_from", "save", "section_of", "start", "submit", "suggestion",
]
