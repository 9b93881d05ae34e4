"""The version, in one place: the package, the CLI and the documents' metadata read it."""

__version__ = "0.1.0"
