"""Layout: a brief for one audience -> a format-neutral Document in final form."""
