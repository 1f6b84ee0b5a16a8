"""Dataset releases: an ``extract`` output folder → a versioned, validated Frictionless data
package ``zfxxgk-VERSION/`` (CSV + Parquet + Stata, README, CHANGELOG, QA page, checksums).

Entry point: :func:`pipeline.release.build.build_release` (``python -m pipeline release``).
"""
