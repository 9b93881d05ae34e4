"""Delivery: built briefings to the people on a distribution list, by e-mail.

The flow: a distribution list (``recipients``) and the brief's built artifacts become one
``EmailMessage`` per recipient (``messages``, ``plan``); those are written to an outbox of .eml files
(``outbox``) or sent over SMTP (``smtp``) under a durable per-recipient journal (``journal``,
``batch``) so that an interrupted batch resumes without sending anyone the brief twice. Nothing here
prints or exits: the ``email`` command does.
"""
