"""Chat fixtures: the fake Bot API and the running Application. Filled in by the fake API work."""
