"""Render the digest mail from templates/ and hand it to an SMTP server.

Rendering and sending are separate so ``monitor digest --dry-run`` shows exactly what would be
sent. Templates are autoescaped for HTML; outlet text only ever enters as data, never as template
source, so a title like ``{{ 7*7 }}`` stays text.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from monitor.config import Config, SmtpConfig
from monitor.errors import DeliveryError
from monitor.health import FailingSource
from monitor.resources import resource_dir
from monitor.store import StoredItem
from monitor.text import one_line, snippet


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(resource_dir("templates"))),
        autoescape=select_autoescape(["html", "html.j2"], default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["snippet"] = snippet
    return env


@dataclass(frozen=True)
class DigestEntry:
    title: str
    outlet: str
    when: str
    snippet: str
    url: str | None
    topics: tuple[str, ...]


@dataclass(frozen=True)
class DigestStory:
    """One event: its lead article, other articles on it, and outlets that republished them."""

    lead: DigestEntry
    related: tuple[DigestEntry, ...]
    also: tuple[tuple[str, str | None], ...]


def _entry(i: StoredItem, tz: tzinfo) -> DigestEntry:
    return DigestEntry(
        title=one_line(i.title),
        outlet=i.source,
        when=i.when.astimezone(tz).strftime("%d %b %Y %H:%M"),
        snippet=snippet(i.body, 280),
        url=i.url,
        topics=i.topics,
    )


def stories_of(
    items: Sequence[StoredItem],
    copies: Mapping[int, Sequence[tuple[str, str | None]]],
    tz: tzinfo,
) -> list[DigestStory]:
    """Group items (newest first) by story; the earliest article leads, as the first report."""
    by_story: dict[int, list[StoredItem]] = {}
    for i in items:
        by_story.setdefault(i.story_id or i.id, []).append(i)
    out = []
    for members in by_story.values():
        ordered = sorted(members, key=lambda i: (i.when, i.id))
        lead, rest = ordered[0], ordered[1:]
        also: list[tuple[str, str | None]] = []
        for i in ordered:
            for outlet, url in copies.get(i.id, ()):
                if outlet not in {o for o, _ in also} and outlet != lead.source:
                    also.append((outlet, url))
        out.append(DigestStory(_entry(lead, tz), tuple(_entry(i, tz) for i in rest), tuple(also)))
    return out


def build_digest(
    config: Config,
    recipient: str,
    items: Sequence[StoredItem],
    now: datetime,
    failing: Sequence[FailingSource] = (),
    copies: Mapping[int, Sequence[tuple[str, str | None]]] | None = None,
) -> EmailMessage:
    """A multipart/alternative message (plain text first, HTML second) for one recipient."""
    tz = config.tz
    titles = {t.name: t.title for t in config.topics}
    groups: dict[str, list[DigestStory]] = {}
    for story in stories_of(items, copies or {}, tz):
        topics = story.lead.topics
        groups.setdefault(topics[0] if topics else "other", []).append(story)
    local = now.astimezone(tz)
    context = {
        "groups": [(titles.get(name, name), group) for name, group in groups.items()],
        "count": len(items),
        "date": local.strftime("%d %b %Y"),
        "generated": local.strftime("%d %b %Y %H:%M %Z"),
        "feed_link": config.feed_link,
        "failing": [
            {
                "name": f.name,
                "since": f.since.astimezone(tz).strftime("%d %b %H:%M"),
                "error": one_line(f.error),
            }
            for f in failing
        ],
    }
    env = environment()
    msg = EmailMessage()
    msg["Subject"] = one_line(config.digest.subject.format(count=len(items), date=context["date"]))
    msg["From"] = config.digest.sender
    msg["To"] = recipient
    msg["Date"] = format_datetime(local)
    domain = parseaddr(config.digest.sender)[1].rpartition("@")[2] or "localhost"
    msg["Message-ID"] = make_msgid("digest", domain=domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(env.get_template("digest.txt.j2").render(context))
    msg.add_alternative(env.get_template("digest.html.j2").render(context), subtype="html")
    return msg


def send(smtp: SmtpConfig, msg: EmailMessage, recipient: str) -> None:
    """Deliver one message; raise DeliveryError unless the server accepted it for ``recipient``."""
    envelope_to = parseaddr(recipient)[1] or recipient
    try:
        if smtp.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=smtp.timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, smtp.password or "")
            client.send_message(msg, to_addrs=[envelope_to])
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        raise DeliveryError(
            f"{smtp.display} refused {envelope_to}: {code} {_text(text)}", permanent=code >= 500
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(
            f"{smtp.display} answered {exc.smtp_code} {_text(exc.smtp_error)}",
            permanent=exc.smtp_code >= 500,
        ) from None
    except smtplib.SMTPServerDisconnected as exc:
        raise DeliveryError(f"{smtp.display} closed the connection: {exc}") from None
    except (ConnectionRefusedError, socket.gaierror, TimeoutError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DeliveryError(f"cannot reach the mail server {smtp.display}: {reason}") from None
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"{smtp.display}: {exc}") from None


def _text(value: bytes | str) -> str:
    return one_line(value.decode("utf-8", "replace") if isinstance(value, bytes) else value)
