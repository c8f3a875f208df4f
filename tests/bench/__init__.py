"""`python -m tests.bench` (make bench): performance figures, printed, never asserted."""
