"""Pipeline stages: ingest → parse (``parsers``) → facts → checks → store."""

PARSER_VERSION = "0.1.0"
