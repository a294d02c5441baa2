"""Job openings at employers."""
