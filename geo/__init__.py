"""territory: geoparse war reporting offline, extract events, and map control over time."""

__version__ = "0.1.0"
