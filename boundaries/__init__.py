"""Shipped boundary data (installed as ``geo.boundary_data``): see README.md for provenance."""
