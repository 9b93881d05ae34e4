"""briefbuilder: YAML policy briefs to DOCX and PDF, per audience."""

__version__ = "0.1.0"
