"""Spiders (one: the annual-report column spider)."""
