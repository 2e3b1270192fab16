"""zoobench.db: validates measurement files into a versioned DuckDB file."""
