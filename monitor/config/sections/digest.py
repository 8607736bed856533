"""[digest]: the daily digest's recipients (shorthand subscribers), sender, subject, schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monitor.config.settings import DigestConfig
from monitor.config.values import bare_address, not_address, subject_problem, valid_address

if TYPE_CHECKING:
    from monitor.config.check import Checker


def check(c: Checker, data: Any) -> DigestConfig:
    """Also fills ``c.recipient_keys``, which [[subscribers]] checks duplicates against."""
    sec = c.table(data, "digest", ("recipients", "sender", "subject", "schedule"))
    d = DigestConfig()
    recipients = sec.get("recipients", [])
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        c.fail("digest.recipients", "must be a list of e-mail addresses")
        recipients = []
    for j, r in enumerate(recipients):
        if not valid_address(r):
            c.fail(f"digest.recipients[{j}]", not_address(r))
            continue
        key = f"digest.recipients[{j}]"
        first = c.recipient_keys.setdefault(bare_address(r), key)
        if first != key:
            c.fail(key, f'"{r}" is the same person as {first} (one entry per address)')
    sender = c.string(sec, "sender", "digest.sender", d.sender)
    if not valid_address(sender):
        c.fail("digest.sender", not_address(sender))
    subject = c.string(sec, "subject", "digest.subject", d.subject)
    problem = subject_problem(subject)
    if problem:
        c.fail("digest.subject", problem)
    schedule = c.string(sec, "schedule", "digest.schedule", d.schedule)
    try:
        if schedule != d.schedule:  # the default is valid; checking loads APScheduler
            from monitor.cron import validate_cron

            validate_cron(schedule)
    except ValueError as exc:
        c.fail("digest.schedule", f'"{schedule}" is not a cron expression ({exc})')
    return DigestConfig(tuple(recipients), sender, subject, schedule)
