"""Offline OCR of page images (scanned PDF pages, JPG/PNG/TIFF) into the PDF reader's page model.

Modules, in the order a page goes through them: :mod:`.image` (render or decode, seal
dropped), :mod:`.deskew`, :mod:`.rulings` (table lines by morphology), :mod:`.boxes`
(text chunks per cell and line), :mod:`.engine` (PP-OCR recognition from the
rapidocr-onnxruntime wheel), :mod:`.chars` (positioned characters), :mod:`.page`
(all of it → ``PageData``), :mod:`.parser` (image files).  Heavy imports happen on first use.
"""


def __getattr__(name: str):
    if name == "ImageParser":
        from .parser import ImageParser

        return ImageParser
    raise AttributeError(name)
