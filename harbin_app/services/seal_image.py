"""Is there a red company seal on this page image? Pure image analysis (numpy, scipy.ndimage, Pillow).

A Chinese company seal (公章) is a circle of about 40 mm (38–45 mm; oval seals exist) in red ink: an
outer ring with the company's name along it and a star in the middle. On an A4 page (210 mm wide) that
is about a fifth of the page's width, whether the page was scanned at 300 dpi or photographed.

1. Red pixels, in HSV: hue within 20° of red, saturated, not dark (stamp ink, faded or fresh; not
   black text, not yellowish paper, not brown).
2. Red pixels a little apart (a ring broken where it crosses black text, characters along the ring)
   are joined by a small dilation; each joined region is one candidate mark.
3. A candidate is a seal when it is
   - of seal size: its larger side 8–35 % of the page's shorter side (17–74 mm on A4);
   - about as wide as tall (an oval seal at most 1.7:1; a text line or a rule is much longer);
   - round: seen from its centre, with its box scaled to a square, the outermost red pixel lies on
     the unit circle in almost every direction (a square block of red text reaches √2 in the corners);
   - a ring with something inside: most directions have red at the rim, some red lies well inside,
     and the disc is not solid (a filled red dot or logo is not a seal).
The thresholds were tuned on generated scans (tests/unit/scans.py): a seal at 300 dpi, a faded seal
over black text, a phone photo (tinted paper, noise, blur, JPEG), red text lines and blocks, a red rule,
a small solid logo, a red square frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage

# Pillow's HSV: every channel 0–255 (hue 255 = 360°).
HUE_RED_BELOW = 15  # ≈ 21°
HUE_RED_ABOVE = 241  # ≈ 340°
MIN_SATURATION = 80  # ≈ 0.31
MIN_VALUE = 70  # ≈ 0.27

JOIN_FRACTION = 0.006  # dilation radius, of the page's shorter side (≈ 1.3 mm on A4)
MIN_SIZE, MAX_SIZE = 0.08, 0.35  # a candidate's larger side, of the page's shorter side
MAX_ASPECT = 1.7
BINS = 48  # directions around the centre
ROUND_TOLERANCE = 0.12  # the outermost red pixel within 1 ± this in a direction counts as "on the rim"
MIN_RIM_SHARE = 0.75  # directions with red on the rim
MAX_OUTSIDE_SHARE = 0.03  # red pixels beyond 1.12 of the scaled radius
MIN_INSIDE_SHARE = 0.08  # red pixels within 0.75 of the scaled radius (text, star)
MAX_FILL = 0.7  # red pixels of the ellipse's area


@dataclass(frozen=True)
class Candidate:
    """A red mark and the measures that decided it (kept for tuning and for the tests)."""

    box: tuple[int, int, int, int]  # left, top, right, bottom in pixels
    size: float  # larger side / page's shorter side
    aspect: float
    rim_share: float
    outside_share: float
    inside_share: float
    fill: float

    @property
    def is_seal(self) -> bool:
        return (
            MIN_SIZE <= self.size <= MAX_SIZE
            and self.aspect <= MAX_ASPECT
            and self.rim_share >= MIN_RIM_SHARE
            and self.outside_share <= MAX_OUTSIDE_SHARE
            and self.inside_share >= MIN_INSIDE_SHARE
            and self.fill <= MAX_FILL
        )


def red_mask(image: Image.Image) -> np.ndarray:
    """True where the pixel is seal-red."""
    hsv = np.asarray(image.convert("RGB").convert("HSV"))
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    return ((hue <= HUE_RED_BELOW) | (hue >= HUE_RED_ABOVE)) & (sat >= MIN_SATURATION) & (val >= MIN_VALUE)


def candidates(image: Image.Image) -> list[Candidate]:
    """Every red mark of roughly seal size on the page, with its measures."""
    mask = red_mask(image)
    short = min(mask.shape)
    if short == 0 or not mask.any():
        return []
    radius = max(1, round(short * JOIN_FRACTION))
    joined = ndimage.binary_dilation(mask, structure=np.ones((3, 3), bool), iterations=radius)
    labels, _count = ndimage.label(joined)
    found: list[Candidate] = []
    for index, region in enumerate(ndimage.find_objects(labels), 1):
        if region is None:
            continue
        height, width = region[0].stop - region[0].start, region[1].stop - region[1].start
        if max(height, width) - 2 * radius < MIN_SIZE * short * 0.9:  # cheap size test first
            continue
        ys, xs = np.nonzero((labels[region] == index) & mask[region])
        if len(ys) < 50:
            continue
        found.append(_measure(ys + region[0].start, xs + region[1].start, short))
    return found


def has_seal(image: Image.Image) -> bool:
    return any(c.is_seal for c in candidates(image))


def _measure(ys: np.ndarray, xs: np.ndarray, short: int) -> Candidate:
    top, bottom, left, right = int(ys.min()), int(ys.max()), int(xs.min()), int(xs.max())
    height, width = bottom - top + 1, right - left + 1
    cy, cx = (top + bottom) / 2, (left + right) / 2
    ry, rx = height / 2, width / 2
    u, v = (xs - cx) / rx, (ys - cy) / ry
    r = np.hypot(u, v)
    direction = ((np.arctan2(v, u) + np.pi) / (2 * np.pi) * BINS).astype(int) % BINS
    outermost = np.zeros(BINS)
    np.maximum.at(outermost, direction, r)
    rim_share = float(np.mean(np.abs(outermost - 1) <= ROUND_TOLERANCE))
    return Candidate(
        box=(left, top, right + 1, bottom + 1),
        size=max(height, width) / short,
        aspect=max(height, width) / max(1, min(height, width)),
        rim_share=rim_share,
        outside_share=float(np.mean(r > 1 + ROUND_TOLERANCE)),
        inside_share=float(np.mean(r < 0.75)),
        fill=float(len(r) / (np.pi * rx * ry)),
    )
