"""The exceptions territory raises. Every one names the file (or input) and the problem."""

from __future__ import annotations


class TerritoryError(Exception):
    """Base class of every error this package raises on purpose."""


class InputFileError(TerritoryError):
    """A file could not be used; the message names the file and the problem."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class CorpusError(InputFileError):
    """An article file cannot be read as text (empty, binary, undecodable, too large)."""


class ManifestError(InputFileError):
    """The manifest is malformed or does not match the corpus."""


class GazetteerError(TerritoryError):
    """The gazetteer index or one of its sources cannot be built, read or added."""


class BoundaryError(InputFileError):
    """A boundary file cannot be read or lacks what is needed."""


class OutputError(TerritoryError):
    """An output cannot be written."""


class MissingDataError(TerritoryError):
    """A data file the package ships is not installed (the message names it)."""
