"""Importers of published indexes: FMTI (Stanford CRFM), and more to come."""
