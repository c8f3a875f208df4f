"""Services: plain Python that takes the acting user, checks rights, validates and writes in one
transaction. No reflex import here."""
