"""Pages scanned a few degrees off: the angle that makes text rows and rulings horizontal.

The classic projection-profile search: rotate a reduced ink mask by each candidate angle
and keep the one whose row sums are most peaked (lines of text and rulings then fall into
few rows).  Coarse then fine, on a small image, so it costs a few tens of milliseconds.
"""
from __future__ import annotations

import numpy as np

from .params import OCR


def skew_angle(ink: np.ndarray) -> float:
    """Degrees to rotate (counter-clockwise positive, OpenCV convention) to level ``ink``.

    ``ink`` is a bool mask or a uint8 mask (any nonzero pixel is ink, as ``page._ink`` makes
    it: 0/255).  It is made 0/255 before the reduction, so a thin stroke keeps its weight in
    the area average (a 0/1 image rounded it away).  A page without ink is not turned.
    """
    mask = np.where(ink > 0, np.uint8(255), np.uint8(0))
    if not mask.any():
        return 0.0
    small = _reduce(mask, 900)
    best = _search(small, np.arange(-OCR.max_skew, OCR.max_skew + 1e-9, 0.5))
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, OCR.skew_step)
    return float(_search(small, fine))


def rotate(img: np.ndarray, angle: float) -> np.ndarray:
    """Rotate about the centre, filling with white, same size."""
    import cv2

    if abs(angle) < 0.05:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = (255, 255, 255) if img.ndim == 3 else 255
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=border)


def _reduce(img: np.ndarray, side: int) -> np.ndarray:
    import cv2

    h, w = img.shape
    f = side / max(h, w)
    if f >= 1:
        return img
    return cv2.resize(img, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)


def _search(small: np.ndarray, angles: np.ndarray) -> float:
    import cv2

    h, w = small.shape
    best, best_score = 0.0, -1.0
    for a in angles:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), float(a), 1.0)
        r = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        prof = r.sum(axis=1, dtype=np.float64)
        score = float(np.square(np.diff(prof)).sum())
        if score > best_score:
            best, best_score = float(a), score
    return best
