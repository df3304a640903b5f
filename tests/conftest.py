"""Shared fixtures live in tests/support/ (imported as `tests.support.*`); the packages under
test are installed editable by `make install-dev`, so nothing here touches sys.path."""
