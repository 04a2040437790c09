"""Spaced repetition: the FSRS scheduler and the study queues built on it."""
