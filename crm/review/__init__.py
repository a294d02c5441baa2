"""Team review: job-development activity against the IPS fidelity targets, and outcomes (docs/metrics.md)."""
