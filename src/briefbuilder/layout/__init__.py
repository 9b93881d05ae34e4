"""Layout: a brief for one audience -> a format-neutral Document in final form.

``engine`` (``lay_out``) assembles the document; ``sections`` holds one handler per section
kind (``SECTIONS``); ``document`` defines the blocks; ``figures`` draws each chart as a finished
``scene`` (``timeline_figure``, measured with ``measure``) for the page geometry in ``page``.
"""
