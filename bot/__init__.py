"""monitorbot: a multilingual Telegram bot answering cited questions from a curated store."""
