"""API tokens: how other systems and analysts authenticate to the API."""
