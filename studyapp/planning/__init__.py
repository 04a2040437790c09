"""Planning toward an interview date: readiness on the day and what to study each day.

Pure Python over the scheduler and card states (no Qt, no database), tested with a fixed clock.
"""
