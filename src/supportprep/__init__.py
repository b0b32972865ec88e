"""supportprep: a terminal interview coach for customer support and operations manager roles."""

__version__ = "0.1.0"
