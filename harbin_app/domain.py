"""Fixed vocabulary of the pilot (design.md, domain.md)."""

from __future__ import annotations

PILOT_INDUSTRIES = (
    "航空航天设备制造业",
    "电气装备制造业",
    "锅炉及原动装备制造业",
    "药品生产制造业",
    "食品精深加工及食品制造业",
)
OTHER_INDUSTRY = "其他"
INDUSTRIES = (*PILOT_INDUSTRIES, OTHER_INDUSTRY)
