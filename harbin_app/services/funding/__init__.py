"""公示与拨付 (reviewer, finance), 资金申请 (enterprise) and the portal's 公示: what their pages ask.
The workflow rows are part of 验收申请's table (services/acceptance/publication.py)."""

from harbin_app.services.funding.actions import pay, publish, withdraw
from harbin_app.services.funding.views import (
    AWAITING_PAYMENT,
    AWAITING_PUBLICATION,
    IN_PUBLICATION,
    BatchItem,
    BatchView,
    FundingFilter,
    Listing,
    PaymentRow,
    ProjectRow,
    batch,
    batches,
    can_manage,
    can_pay,
    can_publish,
    candidates,
    own_projects,
    parse_filter,
    public_batches,
    published,
    require_manage,
)

__all__ = [
    "AWAITING_PAYMENT", "AWAITING_PUBLICATION", "IN_PUBLICATION", "BatchItem", "BatchView",
    "FundingFilter", "Listing", "PaymentRow", "ProjectRow", "batch", "batches", "can_manage", "can_pay",
    "can_publish", "candidates", "own_projects", "parse_filter", "pay", "public_batches", "publish",
    "published", "require_manage", "withdraw",
]
