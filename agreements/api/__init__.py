"""The agreements app's API: agreements, events, cooperation fields and regions."""
