"""Problem reports of the villages and their workflow: models, SLA configuration, queries, status changes."""
