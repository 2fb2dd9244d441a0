"""Scoring: load and validate the rankings data package, and compute what the site publishes.

A library: functions take and return pandas DataFrames and raise `scoring.errors.PipelineError`
subclasses. It never writes files; `build_scripts` does.
"""
