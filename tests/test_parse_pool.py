"""The parsing workers' pool (monitor.workers): real processes on socket pairs, driven from
event loops as a poll drives them. The helpers below run in the workers, which import this
module by name."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Iterator

import pytest

from monitor.errors import ParseError
from monitor.workers import PoolBusy, WorkerLost, WorkerPool

_state: dict[str, object] = {}


def remember(value: object) -> None:  # the initializer
    _state["init"] = value


def echo(tag: int, blob: bytes) -> tuple[int, int, bytes, object]:
    return tag, os.getpid(), blob[::-1], _state.get("init")


def fail(message: str) -> None:
    raise ParseError(message)


def unpicklable() -> object:
    return lambda: None


def slow(seconds: float, tag: str) -> str:
    time.sleep(seconds)
    return tag


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    p = WorkerPool(2, remember, ("ready",))
    yield p
    p.close()


def test_answers_come_back_to_their_own_calls_however_big(pool: WorkerPool) -> None:
    """Many calls at once, each with a payload bigger than a socket buffer: every answer is
    its own call's (framing across partial reads and writes), both workers take a share, and
    each worker ran the initializer first."""

    async def main() -> list[tuple[int, int, bytes, object]]:
        blobs = [os.urandom(300_000 + k) for k in range(60)]
        answers = await asyncio.gather(*(pool.run(echo, k, b) for k, b in enumerate(blobs)))
        for k, (tag, _pid, back, _init) in enumerate(answers):
            assert tag == k and back == blobs[k][::-1]
        return answers

    answers = asyncio.run(main())
    assert {a[3] for a in answers} == {"ready"}
    assert len({a[1] for a in answers}) == 2
    assert os.getpid() not in {a[1] for a in answers}


def test_a_workers_exception_is_raised_to_the_caller(pool: WorkerPool) -> None:
    async def main() -> None:
        with pytest.raises(ParseError, match="not a feed"):
            await pool.run(fail, "not a feed")
        with pytest.raises(RuntimeError, match="not picklable"):
            await pool.run(unpicklable)
        assert (await pool.run(echo, 1, b"ab"))[2] == b"ba"  # the pool goes on

    asyncio.run(main())


def test_an_answer_from_an_ended_poll_is_dropped(pool: WorkerPool) -> None:
    """A poll that ends with calls still in the workers (each poll runs its own event loop):
    their answers arrive during the next poll and must not be taken for its answers."""

    async def first() -> None:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(pool.run(slow, 0.5, "old-a"), pool.run(slow, 0.5, "old-b")), 0.1
            )
        pool.detach()

    async def second() -> list[str]:
        return list(await asyncio.gather(*(pool.run(slow, 0, f"new-{k}") for k in range(4))))

    asyncio.run(first())
    assert asyncio.run(second()) == ["new-0", "new-1", "new-2", "new-3"]


def test_a_dead_worker_fails_the_waiting_calls_and_the_next(pool: WorkerPool) -> None:
    async def main() -> None:
        call = asyncio.ensure_future(pool.run(slow, 30, "never"))
        other = asyncio.ensure_future(pool.run(slow, 30, "never"))
        await asyncio.sleep(0.5)
        for proc in pool.processes:
            proc.kill()
        with pytest.raises(WorkerLost, match="exited"):
            await asyncio.wait_for(call, 10)
        with pytest.raises(WorkerLost):
            await asyncio.wait_for(other, 10)
        with pytest.raises(WorkerLost):
            await pool.run(echo, 1, b"")

    asyncio.run(main())
    assert pool.lost is not None


def test_a_second_poll_in_another_thread_is_told_the_pool_is_busy(pool: WorkerPool) -> None:
    """The service may poll from several threads through one pipeline: the pool serves one
    event loop at a time, and the other poll parses in its own threads instead."""
    attached, release = threading.Event(), threading.Event()
    seen: list[BaseException | str] = []

    async def holder() -> None:
        seen.append(await pool.run(slow, 0, "mine"))
        attached.set()
        await asyncio.to_thread(release.wait, 10)
        seen.append(await pool.run(slow, 0, "still mine"))
        pool.detach()

    t = threading.Thread(target=asyncio.run, args=(holder(),))
    t.start()
    assert attached.wait(30)

    async def intruder() -> None:
        with pytest.raises(PoolBusy):
            await pool.run(slow, 0, "theirs")
        pool.detach()  # not its loop: must not detach the holder's

    asyncio.run(intruder())
    release.set()
    t.join(30)
    assert seen == ["mine", "still mine"]
