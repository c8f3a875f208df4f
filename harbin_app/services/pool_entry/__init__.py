"""入库申请: the form (form), the manual's checks (rules), the declared type (declaration) and what
the enterprise's pages ask (actions)."""

from harbin_app.services.pool_entry.actions import PoolEntryView, certified_enterprise, entries, load, save, start, submit
from harbin_app.services.pool_entry.declaration import (
    AFTER_APPROVAL, AWAITING_STAMPED, DRAFT, FORM_TITLE, KIND, POOLED, REJECTED, STAMPED_LABEL, STAMPED_REJECTED,
    STAMPED_REVIEW, STAMPED_SLOT, SUBMITTED, TYPE, WORKFLOW, display,
)
from harbin_app.services.pool_entry.form import (
    CERTIFIED_FIELDS, DEMAND_CATEGORIES, DEMAND_FIELDS, EVIDENCE, FORM, INDICATOR_FIELDS, INDICATORS, LEVELS, MAX_DEMANDS,
    MAX_INDICATORS, MAX_PROJECTS, MIN_CONTENT, MIN_NAME, OTHER_CATEGORY, OWN_FIELDS, PROJECT_FIELDS, SCALES,
    SECTIONS, YES_NO, blank, blank_demand, blank_indicator, blank_project, normalise, prefill,
)
from harbin_app.services.pool_entry.rules import (
    Rules, problems, project_content_problem, project_name_problem, rules_for, section_problem_counts,
)

__all__ = [
    "AFTER_APPROVAL", "AWAITING_STAMPED", "CERTIFIED_FIELDS", "DEMAND_CATEGORIES", "DEMAND_FIELDS", "DRAFT",
    "EVIDENCE", "FORM", "FORM_TITLE", "INDICATOR_FIELDS", "INDICATORS", "KIND", "LEVELS", "MAX_DEMANDS", "MAX_INDICATORS",
    "MAX_PROJECTS", "MIN_CONTENT", "MIN_NAME", "OTHER_CATEGORY", "OWN_FIELDS", "POOLED", "PROJECT_FIELDS",
    "REJECTED", "SCALES", "SECTIONS", "STAMPED_LABEL", "STAMPED_REJECTED", "STAMPED_REVIEW", "STAMPED_SLOT",
    "SUBMITTED", "TYPE", "WORKFLOW", "YES_NO", "PoolEntryView", "Rules", "blank", "blank_demand",
    "blank_indicator", "blank_project", "certified_enterprise", "display", "entries", "load", "normalise",
    "prefill", "problems", "project_content_problem", "project_name_problem", "rules_for", "save",
    "section_problem_counts", "start", "submit",
]
