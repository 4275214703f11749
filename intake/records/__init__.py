"""Bulk import and export of agreements, parties and people as rows."""
