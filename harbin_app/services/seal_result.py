"""What a seal check found (harbin_app/services/seal_check.py runs it, seal_scan.py looks at the pages):
the result and its messages, shared by the parent and the child process without either importing the
other."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

NO_SEAL = "未检测到红色公章，请确认已盖章"
UNCHECKED = "未能自动检查公章（{reason}），请确认已盖章"
TOO_MANY_PAGES = "扫描件共 {pages} 页，超过 {limit} 页"
UNREADABLE = "扫描件无法打开"
BLANK = "扫描件的页面无法显示或为空白"
OUT_OF_TIME = "检查超时"

FOUND, NOT_FOUND, NOT_CHECKED = "found", "not_found", "not_checked"


@dataclass(frozen=True)
class SealResult:
    status: str  # FOUND, NOT_FOUND or NOT_CHECKED
    pages: int = 0  # pages in the scan (0 when it could not be read)
    seal_pages: tuple[int, ...] = ()  # 1-based pages where a seal was found
    checked_pages: int = 0  # pages looked at (fewer than `pages` when time ran out)
    unreadable_pages: tuple[int, ...] = ()  # pages that rendered blank or not at all
    reason: str = ""  # why it could not be checked, Chinese
    kind: str = ""  # the same for the log: too_many_pages, unreadable, blank, time, timeout, exit N …
    peak_rss_kb: int = 0  # the child's peak memory (bench and log)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def found(self) -> bool:
        return self.status == FOUND

    @property
    def checked(self) -> bool:
        return self.status != NOT_CHECKED

    @property
    def warning(self) -> str:
        """What the enterprise reads before hand-in ("" when a seal was found)."""
        if self.status == FOUND:
            return ""
        if self.status == NOT_FOUND:
            return NO_SEAL
        return UNCHECKED.format(reason=self.reason)

    @property
    def summary(self) -> str:
        """What the reviewer reads beside the scan."""
        if self.status == FOUND:
            pages = "、".join(map(str, self.seal_pages))
            partial = ""
            if self.checked_pages < self.pages:
                partial = f"（共 {self.pages} 页，检查了前 {self.checked_pages} 页）"
            return f"第 {pages} 页检测到红色公章{partial}"
        if self.status == NOT_FOUND:
            return "未检测到红色公章"
        return f"未能自动检查公章：{self.reason}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        data["seal_pages"], data["unreadable_pages"] = list(self.seal_pages), list(self.unreadable_pages)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SealResult:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "extra"}
        known["seal_pages"] = tuple(known.get("seal_pages") or ())
        known["unreadable_pages"] = tuple(known.get("unreadable_pages") or ())
        return cls(**known)


def not_checked(reason: str, kind: str, pages: int = 0) -> SealResult:
    return SealResult(NOT_CHECKED, pages=pages, reason=reason, kind=kind)
