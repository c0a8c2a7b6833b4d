"""Facialis core: the clinical knowledge and the records, in pure Python (no Qt)."""
