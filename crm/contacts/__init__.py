"""The job-development log: employer contacts and their next steps."""
