"""Use-cases: the one service layer that the web and the CLI both call.

Each function opens its own session or transaction on the engine it is given,
calls the core (import pipeline, analysis, output, editing) and returns plain
results: dataclasses, dicts, DataFrames, or ORM objects whose attributes are
loaded. A view parses the request, calls one use-case and renders; a command
parses its options, calls the same use-case and prints. Errors a person can
act on are :class:`~wijkkaart.kern.fouten.WijkkaartFout` with their HTTP
status and exit code; nothing here knows Flask or click.
"""
