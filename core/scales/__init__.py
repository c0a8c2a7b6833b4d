"""Grading scales: one module per scale, each a pure function from exam items to a result."""
