"""Reusable widgets (Textual)."""
