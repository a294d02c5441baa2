"""Employers: the businesses the team develops jobs with, and the people there."""
