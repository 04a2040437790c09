"""Question content: loading and validating markdown files, rendering, searching."""
