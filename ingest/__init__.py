"""Real data in: files and API batches through one pipeline (parse → validate → plan → commit)."""
