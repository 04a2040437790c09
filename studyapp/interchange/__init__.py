"""Getting questions and progress out of DeepStudy (and, later, in): files people keep."""
