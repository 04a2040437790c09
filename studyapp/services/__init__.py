"""The facade the UI calls. Each write is one committed transaction returning `Changes`."""
