"""Sharing the warehouse: the S3 landing zone, the Snowflake team warehouse, the outbox that
carries every push there exactly once, and the team read side (analytics run on Snowflake)."""
