"""The record of imports: every file or API batch that came in, and the rows it could not accept."""
