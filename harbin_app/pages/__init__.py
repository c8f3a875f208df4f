"""Pages: each module draws one or a few routes."""
