"""Facialis GUI: PySide6 windows and thin Qt models over ``facialis.core``."""
