"""The typefaces briefbuilder draws with and what they can draw."""
