"""flashpoint: sourced, geocoded conflict events from news text."""

__version__ = "0.1.0"
