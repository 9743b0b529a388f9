"""What every feature of the data layer shares: engine and sessions, area scopes and their
filter, the versioned cache, the data versions, privacy masks and Thai text search."""
