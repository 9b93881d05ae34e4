from briefbuilder.cli import entry

entry()
