"""Cluster: articles -> wire-copy clusters (dedup) and stories (same event, other reports)."""
