"""One exception hierarchy for the whole monitor.

Expected faults (a feed that is down, a bad config key, a mail server that says no) are raised
as one of these with a message a person can act on; the CLI and the scheduler turn them into a
recorded state and a log line, never a traceback.
"""


class MonitorError(Exception):
    """Root of every error the monitor raises on purpose."""


class ConfigError(MonitorError):
    """The configuration file is unreadable or invalid.

    ``problems`` holds one ``"key.path: what is wrong"`` line per mistake, so a user can fix all of
    them in one edit instead of one per run.
    """

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


class FetchError(MonitorError):
    """A source could not be retrieved (network, HTTP status, size, timeout)."""


class ParseError(MonitorError):
    """Retrieved bytes could not be turned into items."""


class StoreError(MonitorError):
    """The archive database could not be used."""


class DeliveryError(MonitorError):
    """A message could not be handed to the mail server.

    ``permanent`` separates a rejected address (retrying will not help) from an outage (the next
    run will try again); neither marks anything as sent.
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        self.permanent = permanent
        super().__init__(message)


class RecordError(StoreError):
    """One record of an archive export is not one (``archive import``): ``index`` is its
    place among the records (1 = the first), so the CLI can name the line."""

    def __init__(self, index: int, reason: str) -> None:
        self.index = index
        self.reason = reason
        super().__init__(f"record {index}: not an archive record ({reason})")
