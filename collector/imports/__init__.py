"""Importers of published indexes (FMTI, the European Open Source AI Index, the Model Openness Tool)."""
