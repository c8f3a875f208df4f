"""中小企业数字化水平自测: the enterprise's working draft (draft) and its kept, dated results with
their reports and the before/after comparison (kept).

Rights: only enterprise users write, and only their own enterprise's questionnaire; who may read
the kept assessments is the work-order policy's answer. Validation, progress, scoring and levels
are the engine's (harbin_app.assessment); this package stores what the user gives, in the engine's
answer format, and reports what the engine says about it."""

from harbin_app.services.assessments.draft import (
    FIGURE_KINDS, LABELS, NONE_LABEL, OPTION, SCENES_SECTION, VERSION, Draft, Section, SectionProgress,
    load_draft, reset_draft, save_answer, save_figures, save_scene, score_draft, sections,
)
from harbin_app.services.assessments.kept import (
    Comparison, DimensionComparison, KeptAssessment, KeptSummary, Overview, ReportFile, SceneComparison,
    compare, get_kept, keep, kept_summaries, overview, report,
)

__all__ = [
    "FIGURE_KINDS", "LABELS", "NONE_LABEL", "OPTION", "SCENES_SECTION", "VERSION", "Comparison",
    "DimensionComparison", "Draft", "KeptAssessment", "KeptSummary", "Overview", "ReportFile", "SceneComparison",
    "Section", "SectionProgress", "compare", "get_kept", "keep", "kept_summaries", "load_draft", "overview",
    "report", "reset_draft", "save_answer", "save_figures", "save_scene", "score_draft", "sections",
]
