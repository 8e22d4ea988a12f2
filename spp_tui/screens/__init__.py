"""Screens and modal dialogs (Textual)."""
