"""The second-opinion guidance site generator: load, validate, render, write."""
