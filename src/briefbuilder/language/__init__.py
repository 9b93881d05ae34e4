"""The brief's language: its labels (gettext catalogues), its dates and numbers (Babel, CLDR) and
its typography (quotation marks, dashes, non-breaking spaces). Nothing here imports Babel at
import time: ``briefbuilder --help``, ``check`` and ``audiences`` must stay light."""
