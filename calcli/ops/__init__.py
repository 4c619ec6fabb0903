"""One module per capability; each takes parsed input and returns a frozen result."""
