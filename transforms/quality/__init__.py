"""Quality: pandera validation with quarantine, and the data-quality report of a run."""
