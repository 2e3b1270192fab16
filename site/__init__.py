"""zoobench.site: renders the DuckDB file into a static MkDocs Material site."""
