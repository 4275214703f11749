"""Plumbing every API resource shares: pagination, fields, parsers, renderers, errors."""
