"""Reusable drawing pieces: layout, form fields, badges."""
