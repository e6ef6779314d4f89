"""Orchestration: the Prefect flow, its tasks and runners, publishing, and the CLI."""
