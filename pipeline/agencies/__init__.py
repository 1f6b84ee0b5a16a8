"""Who reported, where, and the same agency across years (issue 11).

Per document, in the worker: :func:`identify` (normalized name, region code valid for the
report year, level, type, ``agency_id``) and :func:`prose_checks` (counts the prose states
against the tables).  After the main outputs are written: :func:`postpass.write_panel_outputs`
builds ``agencies.parquet`` and ``panel.parquet`` and adds the cross-year checks.
"""
from .identity import Identity, identify
from .prose import prose_checks

__all__ = ["Identity", "identify", "prose_checks"]
