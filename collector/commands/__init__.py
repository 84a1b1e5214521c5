"""The ``scorecards`` subcommands, by what they do: read the data, collect, check and import evidence.

Each module adds its subcommands' arguments to the parser and holds their handlers; collector/cli.py
ties them together.
"""
