"""Tunable numbers of the OCR reader, kept as data in one place (pixels at ``dpi`` unless named)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OcrParams:
    dpi: int = 200                 # image-only PDF pages are rendered at this resolution
    threads: int = 1               # ONNX threads per worker (the batch runs one worker per core)
    rec_height: int = 48           # the PP-OCRv4 recognition input height
    # the float model's 1×1 convolutions (three quarters of its work) add up their input
    # channels 32 at a time: on an AVX2 EPYC ~22 % less time per column than onnxruntime's
    # default (103 against 131 µs), outputs within 5e-4, the same characters read
    # (tests/test_ocr_model.py).  A multiple of the NCHWc block (8 with AVX2, 16 with
    # AVX-512).  The int8 model keeps the default: no faster with it.
    float_pointwise_batch: int = 32
    min_rec_ratio: float = 2.0     # narrowest padded width, as a multiple of the height
    short_ratio: float = 3.0       # a cell chunk no wider than this × its height is read in a strip
    strip_cells: int = 12          # short chunks per strip
    strip_gap: float = 0.4         # white between two chunks of a strip, × the model height
    max_skew: float = 5.0          # degrees searched for deskewing
    skew_step: float = 0.1         # degrees between tried angles
    hline_frac: float = 0.04       # a horizontal ruling is at least this share of the page width
    vline_frac: float = 0.017      # a vertical one this share of its height (a one-row table) ...
    min_line_px: int = 40          # ... and at least this long
    bridge_px: int = 3             # breaks this short in a ruling are bridged
    ink_threshold: int = 160       # grey below this is ink (after the seal is dropped)
    speck_px: int = 6              # ink blobs smaller than this are paper noise
    min_ink_px: int = 6            # fewer ink pixels in a cell than this: nothing printed
    min_text_line_px: int = 4      # an ink line less tall than this is a speck, not text (boxes.text_boxes; page._lone_dash)
    max_line_frac: float = 0.05    # ink runs taller than this share of the page are not text
    line_gap_px: int = 2           # blank rows that separate two text lines in a cell
    chunk_gap_em: float = 2.5      # a horizontal gap this many line heights wide splits a line
    # a chunk read unsurely is read again with another margin of its real surroundings: a
    # lone number in a strip reads best tight; a text line is read loose first (the glyphs
    # then fill the model's height as in its training crops, and a wider margin makes the
    # crop narrower once resized to that height: ~20 % fewer columns), tight if unsure
    strip_context_px: tuple[int, int] = (1, 2)
    line_context_px: tuple[int, int] = (6, 2)
    reread_below: float = 0.95     # a text line read less surely is read again, looser
    value_sure: float = 0.995      # a value read less surely is read again and must agree
    seven_bar_share: float = 0.6   # a 7's top bar spans at least this share of its width ...
    slash_top_share: float = 0.45  # ... a slash's top end at most this share
    # a lone blank mark read unsurely is taken when both readings name it and its ink is one
    # thin straight stroke (principal axes' length ratio ≥ stroke_elongation) lying flat
    # (within dash_max_angle°) or leaning right like a slash (slash_angles°; a 1 stands at ~90°)
    stroke_elongation: float = 3.0
    dash_max_angle: float = 12.0
    slash_angles: tuple[float, float] = (40.0, 78.0)
    dash_max_px: int = 6           # ... or a flat blob at most this tall and dash_min_ratio × as wide
    dash_min_ratio: float = 1.5    # (a digit at 200 dpi is ~20 px tall)
    lone_dash_min_px: int = 12     # a cell's only ink, flat, under min_text_line_px tall and this wide: a dash (page._lone_dash)
    mark_confirmed: float = 0.99   # the confidence such a confirmed mark is given (≥ min_confidence)
    text_score: float = 0.5        # text outside tables read less surely is dropped (rapidocr's default)
    min_confidence: float = 0.98   # a number read less surely than this is left out
    max_pixels: int = 60_000_000   # larger images are refused (a decompression bomb)


OCR = OcrParams()


MEMORY_SENTENCE = ("OCR of page {page} ran out of memory: the recogniser and OpenCV need about 1 GB of "
                   "address space for an A4 page at 200 dpi, and a worker's address space is capped at 4 × --max-memory "
                   "(at least 2 GB); run with a larger --max-memory (the default is 2048)")
"""Said when a scan's page cannot be read within the worker's memory limit (here, not in
page.py, so that it can be said when the OCR modules themselves cannot be loaded)."""


def unavailable(exc: BaseException, page: int | None = None) -> str:
    """The sentence for OCR that could not start: a package that is not installed is named
    as such (an ImportError under a tight address-space cap is the memory sentence)."""
    if isinstance(exc, ModuleNotFoundError):
        what = f"OCR of page {page}" if page is not None else "reading the image"
        return (f"{what} needs the Python package {exc.name!r}, which is not installed; reinstall zfxxgk "
                f"with its dependencies (make extract does, or pip install -e .)")
    return MEMORY_SENTENCE.format(page=page) if page is not None else (
        "OpenCV could not be loaded to read the image (out of memory?); run with --max-memory 2048 "
        "(the default) or more")
