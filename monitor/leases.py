"""Leases held for as long as the work takes: renewed while it runs, released after.

A lease (Store.try_lease) says who does a piece of work until when, judged by the database's
clock. A fixed time-to-live was either too short for a long round (another worker then took
the work over mid-way) or too long after a crash; here the lease is short and a thread renews
it every third of its time while the holder works. If renewing fails (the archive went away,
another worker took it after a pause), the work goes on: sending stays safe because every
delivery key is claimed before its message goes out (Store.claim_delivery).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from monitor.store import Store, _utcnow
from monitor.store.delivery import ALIVE_PREFIX

log = logging.getLogger("monitor.lease")

DELIVERY_LEASE = "deliver"  # digests (and their retries)
ALERTS_LEASE = "deliver:alerts"  # alert mails and webhooks: never behind a long digest round
# Short, since it is renewed while the round runs: a worker killed mid-round holds the
# senders up for at most this long.
DELIVERY_TTL = timedelta(seconds=30)
# The heartbeat of a process that sends: once it has run out, its delivery claims are given
# up (Store.give_up_dead_claims) and the items go out within a round, not after hours.
ALIVE_TTL = timedelta(seconds=30)


@contextmanager
def held(store: Store, name: str, holder: str, ttl: timedelta) -> Iterator[bool]:
    """Try to take ``name``; yields whether it was taken. While the block runs the lease is
    renewed; at its end it is released."""
    try:
        got = store.try_lease(name, holder, _utcnow(), ttl)
    except Exception as exc:  # the archive is unreachable: nobody can send or poll now
        log.warning("lease %s not taken: %s", name, exc)
        got = False
    if not got:
        yield False
        return
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(ttl.total_seconds() / 3):
            try:
                if not store.try_lease(name, holder, _utcnow(), ttl):
                    log.warning("lease %s was taken over by another worker", name)
                    return
            except Exception as exc:
                log.warning("lease %s not renewed: %s", name, exc)

    thread = threading.Thread(target=renew, name=f"lease {name}", daemon=True)
    thread.start()
    try:
        yield True
    finally:
        stop.set()
        thread.join()
        try:
            store.release_lease(name, holder)
        except Exception as exc:  # it runs out by itself
            log.warning("lease %s not released: %s", name, exc)


@contextmanager
def waiting(
    store: Store, name: str, holder: str, ttl: timedelta, patience: float,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[bool]:  # fmt: skip
    """Like ``held``, waiting up to ``patience`` seconds for another holder to finish."""
    deadline = time.monotonic() + patience
    while True:
        with held(store, name, holder, ttl) as got:
            if got or time.monotonic() >= deadline:
                yield got
                return
        sleep(min(1.0, max(0.0, deadline - time.monotonic())))


@contextmanager
def alive(store: Store) -> Iterator[None]:
    """The heartbeat of a process that sends, for as long as the block runs. Released at the
    end, so the claims of a process that exited cleanly are left to STALE_CLAIM: only a
    process that stopped renewing (killed, frozen) is known to have died mid-send."""
    with held(store, ALIVE_PREFIX + store.holder, store.holder, ALIVE_TTL):
        yield
