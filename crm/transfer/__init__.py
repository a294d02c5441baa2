"""Import and export: CSV files of employers, contact people, openings and the contact log."""
