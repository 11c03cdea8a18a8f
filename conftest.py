"""Root pytest configuration: shared fixtures live in tests/fixtures_*.py."""

pytest_plugins = ["tests.fixtures_store", "tests.fixtures_chat", "tests.feedserver", "tests.webhook_support"]
