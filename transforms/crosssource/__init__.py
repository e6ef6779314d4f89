"""Cross-source view: claim groups with independent-source counts, figure groups that disagree."""
