"""Pure aggregations for the dashboard; the database does the counting."""
