"""zoobench.site: renders the DuckDB file into a static MkDocs Material site.

`build_site(db_path, out_dir)` is the whole build; `zoobench site build` calls it.
"""

from zoobench.site.build import BuildReport, build_site

__all__ = ["BuildReport", "build_site"]
