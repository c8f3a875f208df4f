"""Reflex states: one per page or form, flat (each a direct child of rx.State)."""
