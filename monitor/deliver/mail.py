"""Render the digest mail from templates/ and hand it to an SMTP server.

Rendering and sending are separate so ``monitor digest --dry-run`` shows exactly what would be
sent. Templates are autoescaped for HTML; outlet text only ever enters as data, never as template
source, so a title like ``{{ 7*7 }}`` stays text.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from functools import lru_cache
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from monitor.config import Config, SmtpConfig, SubscriberConfig
from monitor.deliver.feedback_links import JudgeLinks
from monitor.deliver.writable import safe, skipped, web_link
from monitor.errors import DeliveryError
from monitor.health import FailingSource
from monitor.resources import resource_dir
from monitor.store import StoredItem
from monitor.text import _WORD as _WORD_RE
from monitor.text import clean_text, one_line, snippet, words


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
    snippet_html: str = ""  # Markup: escaped, with matched terms in <strong>
    id: int = 0  # the archive's item id (the judgement links name it)


@dataclass(frozen=True)
class DigestStory:
    """One event: its lead article, other articles on it, and outlets that republished them."""

    lead: DigestEntry
    related: tuple[DigestEntry, ...]
    also: tuple[tuple[str, str | None], ...]


_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "no": ("jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.",
           "des."),
    "ru": ("янв.", "февр.", "марта", "апр.", "мая", "июня", "июля", "авг.", "сент.", "окт.",
           "нояб.", "дек."),
}  # fmt: skip


def format_when(when: datetime, tz: tzinfo, language: str = "en", *, time: bool = True) -> str:
    """'21 Nov 2026 09:15' / '21. nov. 2026 kl. 09:15' / '21 нояб. 2026 09:15'."""
    local = when.astimezone(tz)
    month = _MONTHS.get(language, _MONTHS["en"])[local.month - 1]
    day = f"{local.day}." if language == "no" else f"{local.day}"
    text = f"{day} {month} {local.year}"
    if time:
        text += f" kl. {local:%H:%M}" if language == "no" else f" {local:%H:%M}"
    return text


def highlight(text: str, terms: Sequence[str]) -> Markup:
    """HTML-escaped ``text`` with the words that matched a topic term in <strong>."""
    from monitor.stems import word_keys

    keys: set[str] = set()
    for term in terms:
        for w in words(term):
            keys |= word_keys(w)
    out: list[str] = []
    pos = 0
    for m in _WORD_RE.finditer(text):
        out.append(str(escape(text[pos : m.start()])))
        word = m.group(0)
        hit = bool(keys & word_keys(word)) and len(word) >= 3
        out.append(f"<strong>{escape(word)}</strong>" if hit else str(escape(word)))
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _entry(i: StoredItem, tz: tzinfo, language: str = "en") -> DigestEntry:
    # Archived text is clean; mail and page must be regardless (an older archive may hold a
    # lone surrogate or a control character that UTF-8 or a mail header cannot carry).
    text = safe(snippet(clean_text(i.body), 280))
    return DigestEntry(
        title=safe(one_line(i.title)),
        outlet=safe(one_line(i.source)),
        when=format_when(i.when, tz, language),
        snippet=text,
        url=web_link(i.url),
        topics=i.topics,
        snippet_html=highlight(text, i.terms),
        id=i.id,
    )


def writable(items: Sequence[StoredItem], writer: str, tz: tzinfo) -> list[StoredItem]:
    """The items that can be written as a mail or page entry; the others are left out, logged
    once and counted (``writable.skipped``), so one item never stops a digest or the page."""
    out = []
    for i in items:
        try:
            _entry(i, tz)
        except Exception as exc:
            skipped(writer, i, exc)
        else:
            out.append(i)
    return out


def stories_of(
    items: Sequence[StoredItem],
    copies: Mapping[int, Sequence[tuple[str, str | None]]],
    tz: tzinfo,
    language: str = "en",
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
        out.append(
            DigestStory(
                _entry(lead, tz, language),
                tuple(_entry(i, tz, language) for i in rest),
                tuple(also),
            )
        )
    return out


def build_digest(
    config: Config,
    subscriber: SubscriberConfig,
    items: Sequence[StoredItem],
    now: datetime,
    failing: Sequence[FailingSource] = (),
    copies: Mapping[int, Sequence[tuple[str, str | None]]] | None = None,
    unsubscribe_url: str | None = None,
    *,
    alert: bool = False,
    judge: Callable[[int], JudgeLinks] | None = None,
    near: Sequence[StoredItem] = (),
) -> EmailMessage:
    """A multipart/alternative message (plain text first, HTML second) for one subscriber:
    the digest, "nothing new" when ``items`` is empty, or a short alert. ``judge``: each
    item's "not relevant" / "more like this" links; ``near``: the near misses, a collapsed
    "Possibly relevant" section at the end."""
    tz = ZoneInfo(subscriber.timezone)
    lang = subscriber.language
    titles = {t.name: t.title for t in config.topics}
    groups: dict[str, list[DigestStory]] = {}
    for story in stories_of(items, copies or {}, tz, lang):
        topics = story.lead.topics
        groups.setdefault(topics[0] if topics else "other", []).append(story)
    date = format_when(now, tz, lang, time=False)
    context = {
        "groups": [(titles.get(name, name), group) for name, group in groups.items()],
        "count": len(items),
        "date": date,
        "generated": format_when(now, tz, lang) + f" {now.astimezone(tz):%Z}",
        "feed_link": config.feed_link,
        "unsubscribe_url": unsubscribe_url,
        "alert": alert,
        "near": [_entry(i, tz, lang) for i in near],
        "judge": {i.id: judge(i.id) for i in (*items, *near)} if judge else {},
        "failing": [
            {
                "name": safe(f.name),
                "since": format_when(f.since, tz, lang),
                "error": safe(one_line(f.error)),
            }
            for f in failing
        ],
    }
    env = environment()
    msg = EmailMessage()
    if alert:
        first = safe(one_line(items[0].title)) if items else ""
        subject = f"Alert: {first}" if len(items) == 1 else f"Alert: {len(items)} items, {date}"
    else:
        subject = config.digest.subject.format(count=len(items), date=date)
    msg["Subject"] = one_line(subject)[:250]
    msg["From"] = config.digest.sender
    msg["To"] = subscriber.address
    msg["Date"] = format_datetime(now.astimezone(tz))
    domain = parseaddr(config.digest.sender)[1].rpartition("@")[2] or "localhost"
    msg["Message-ID"] = make_msgid("alert" if alert else "digest", domain=domain)
    msg["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        sender = parseaddr(config.digest.sender)[1]
        msg["List-Unsubscribe"] = f"<{unsubscribe_url}>, <mailto:{sender}?subject=unsubscribe>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(env.get_template("digest.txt.j2").render(context))
    html = env.get_template("digest.html.j2").render(context)
    msg.add_alternative(_inline_css(html), subtype="html")
    # Headers are folded at 998 characters (RFC 5322's limit), not 78: folding a long
    # List-Unsubscribe URL would turn it into an RFC 2047 encoded word, which mail clients do
    # not decode there (RFC 2369 and 8058 want the bare <https://…>). The body's encoding was
    # chosen above, under the default policy.
    msg.policy = msg.policy.clone(max_line_length=998)
    return msg


def _inline_css(html: str) -> str:
    """Mail clients drop <style> blocks: css-inline moves the rules onto the elements, and keeps
    the block for what cannot be inlined (the dark-mode media query)."""
    import css_inline

    return css_inline.CSSInliner(keep_style_tags=True, load_remote_stylesheets=False).inline(html)


def send(smtp: SmtpConfig, msg: EmailMessage, recipient: str) -> None:
    """Deliver one message; raise DeliveryError unless the server accepted it for ``recipient``.

    The server's 250 to DATA is the moment of truth: once it is given, the message is sent,
    whatever happens to the connection after (a QUIT answered with 421, a reset); treating
    that as a failure sent the same mail again."""
    envelope_to = parseaddr(recipient)[1] or recipient
    client: smtplib.SMTP | None = None
    try:
        if smtp.security == "tls":
            client = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=smtp.timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        if smtp.security == "starttls":
            client.starttls(context=ssl.create_default_context())
        if smtp.username:
            client.login(smtp.username, smtp.password or "")
        client.send_message(msg, to_addrs=[envelope_to])
        accepted, client = client, None
        _goodbye(accepted)
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
    finally:
        if client is not None:
            client.close()


def _goodbye(client: smtplib.SMTP) -> None:
    """QUIT after the server accepted the message: its answer no longer matters."""
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        pass
    finally:
        client.close()


def _text(value: bytes | str) -> str:
    return one_line(value.decode("utf-8", "replace") if isinstance(value, bytes) else value)
