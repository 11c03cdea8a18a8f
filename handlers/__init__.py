"""Telegram-facing handlers. The only package that imports `telegram`."""
