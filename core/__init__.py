"""zoobench: an open, living benchmark of image-classification architectures.

Three rooms, arrows one way: `zoobench.collect` measures and writes measurement files
(`zoobench.measurement`) → `zoobench.db` validates them into a versioned DuckDB file →
`zoobench.site` renders that into a static MkDocs site.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zoobench")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
