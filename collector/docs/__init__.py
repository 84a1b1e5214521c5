"""Vendor documents: declared sources, polite fetching, extraction, the evidence archive and verification."""
