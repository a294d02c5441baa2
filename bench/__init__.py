"""Benchmarks of the app on the large demo data set (`make bench`); never run by CI."""
