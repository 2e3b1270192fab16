"""One family of errors, raised by the library and turned into a message and exit code once, in the CLI."""

from __future__ import annotations


class ZoobenchError(Exception):
    """Base of every error zoobench reports to a user (no traceback, exit code 1)."""

    exit_code = 1


class InvalidMeasurementFile(ZoobenchError):
    """A measurement file failed validation; `problems` holds one `path: message` line each."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(f"{file}: invalid measurement file\n" + "\n".join(f"  {p}" for p in problems))


class UnknownModel(ZoobenchError):
    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
        super().__init__(f"unknown model name {name!r}{hint}; `zoobench models` lists the registry")


class DatabaseLocked(ZoobenchError):
    def __init__(self, path: str, detail: str) -> None:
        super().__init__(
            f"{path}: the database is in use by another process, nothing was changed; "
            f"retry when it has finished ({detail.splitlines()[0]})"
        )


class SchemaVersionError(ZoobenchError):
    """A database or file written by a newer zoobench than this one."""


class ReadOnlyQuery(ZoobenchError):
    pass


class UnknownDevice(ZoobenchError):
    pass


class InvalidMeasurementFiles(ZoobenchError):
    """Several files failed validation; nothing was written."""

    def __init__(self, errors: list[InvalidMeasurementFile]) -> None:
        self.errors = errors
        super().__init__(
            "\n".join(str(e) for e in errors)
            + f"\n{len(errors)} invalid file(s): nothing was written to the database"
        )
