"""High North news monitor: polls outlets, keeps what is on topic, delivers it once."""

__version__ = "0.1.0"
