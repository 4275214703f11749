"""The parties app's API: parties and people."""
