"""The composition root: the `monitorbot` command (cli.py) and the console chat (console.py).

The one place that knows every layer: it opens the store (bot/), builds the Telegram side
(handlers/) on it and runs it. Nothing imports this package but the entry point and tests, so
bot/ stays free of Telegram and handlers/ of process wiring.
"""
