"""Performance benchmarks and the synthetic-data generator (not run as tests)."""
