"""Scoring throughput benchmark: tickets per second on one core for the default rubric.

The mix is the example tickets plus generated ones of 2–30 messages (plain and HTML email with
quoted history and signatures, chat lines, long threads), seeded so every run scores the same
input. Each repeat scores the whole set once; the table reports the median and the spread, as CPU
time of this process (`time.process_time`), so other load on the machine counts less. The
process is set up as the connector's is (`connector.runtime`: lexicons loaded, heap frozen). Run with
`make bench` (or `python bench/scoring.py --repeats 9`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from connector.runtime import prepare_for_scoring
from rubric.model import Ticket
from rubric.scoring import score_ticket
from rubric.spec import Rubric, load_rubric

ROOT = Path(__file__).parents[1]
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

CUSTOMER_LINES = [
    "My order {n} arrived damaged and the box was crushed.",
    "Where is my refund? It has been two weeks.",
    "I was charged twice this month, can you fix it?",
    "The app keeps crashing when I open settings.",
    "Can I change the delivery address to my office?",
    "This is the second time this has happened!!",
    "Is the blue kettle back in stock before Christmas?",
    "How do I add a second user to my account?",
    "Still not working after I cleared the cache.",
    "Thanks, that worked perfectly.",
    "I'm really frustrated, nobody has replied to my emails.",
    "Will I be charged again next month?",
]
AGENT_LINES = [
    "Hi {name}, thanks for getting in touch.",
    "I'm sorry about the trouble with order {n}.",
    "I've refunded the duplicate charge; it will show within 5 business days.",
    "Please try clearing the cache and restarting the app.",
    "I've sent a replacement today by courier.",
    "Unfortunately we can't refund orders after 30 days, but I can offer store credit.",
    "You can change this any time under Settings → Billing.",
    "Let me know if anything else comes up.",
    "I can see how frustrating that is, and I'm on it.",
    "Your parcel ships tomorrow and arrives Friday.",
    "As I already explained, the option is under Profile.",
    "Happy to help, have a great day!",
]
SIGNATURE = "\n\nBest regards,\n{agent}\nCustomer Care | Example Ltd\nwww.example.com"


def _body(rng: random.Random, lines: list[str], name: str, sentences: int) -> str:
    return " ".join(
        rng.choice(lines).format(n=rng.randint(10000, 99999), name=name) for _ in range(sentences)
    )


def _message(rng: random.Random, role: str, position: int, name: str, previous: str) -> dict[str, object]:
    lines = CUSTOMER_LINES if role == "customer" else AGENT_LINES
    text = _body(rng, lines, name, rng.randint(1, 6))
    style = rng.random()
    if role == "customer" and style < 0.35 and previous:
        quoted = "\n".join(f"> {line}" for line in previous.splitlines())
        body = f"{text}\n\nOn Mon, 2 Nov 2026 at 10:00, Support <support@example.com> wrote:\n{quoted}"
    elif role == "customer" and style < 0.6:
        body = (
            f'<div dir="ltr"><p>{text}</p><div class="gmail_quote"><blockquote>{previous}</blockquote>'
            f"</div></div>"
        )
    elif role == "agent" and style < 0.5:
        body = f"<p>{text}</p><p>{SIGNATURE.format(agent='Sam').strip()}</p>"
    else:
        body = text + (SIGNATURE.format(agent="Sam") if role == "agent" else "")
    created = START + timedelta(minutes=position * rng.randint(5, 600))
    return {
        "author_role": role,
        "body": body,
        "public": True,
        "created_at": created.isoformat(),
        "author_name": name if role == "customer" else "Sam Park",
    }


def _message_count(rng: random.Random) -> int:
    """Most support tickets are short; a tail runs long. 2–30 messages, about 6 on average."""
    band = rng.random()
    if band < 0.60:
        return rng.randint(2, 4)
    if band < 0.85:
        return rng.randint(5, 8)
    if band < 0.95:
        return rng.randint(9, 15)
    return rng.randint(16, 30)


def generated_ticket(rng: random.Random, number: int) -> Ticket:
    name = rng.choice(["Maria", "Tom", "Aisha", "Chen", "Olivia", "Ben"])
    count = _message_count(rng)
    messages, previous = [], ""
    for position in range(count):
        role = "customer" if position % 2 == 0 else "agent"
        message = _message(rng, role, position, name, previous)
        previous = str(message["body"])[:400]
        messages.append(message)
    return Ticket.model_validate(
        {
            "id": f"g{number}",
            "messages": messages,
            "requester": {"name": f"{name} Example"},
            "metrics": {"first_reply_minutes": rng.randint(1, 3000), "reopens": rng.choice([0, 0, 0, 1])},
        }
    )


def workload(generated: int, seed: int = 7) -> list[Ticket]:
    examples = [
        Ticket.model_validate_json(line)
        for line in (ROOT / "examples" / "tickets.jsonl").read_text().splitlines()
        if line
    ]
    rng = random.Random(seed)
    return examples + [generated_ticket(rng, i) for i in range(generated)]


def _warm(mix: list[Ticket], rubric: Rubric) -> None:
    """Score the mix once outside the timing (caches, compiled patterns), then set the process
    up as `ticketqa sync` and `ticketqa score` do. That freeze also takes in this bench's own
    workload, thousands of tickets held in one list; a sync streams its tickets instead."""
    for ticket in mix:
        score_ticket(ticket, rubric)
    prepare_for_scoring()


def _rate(tickets: list[Ticket], rubric: Rubric, repeats: int) -> list[float]:
    rates = []
    for _ in range(repeats):
        began = time.process_time()
        for ticket in tickets:
            score_ticket(ticket, rubric)
        rates.append(len(tickets) / (time.process_time() - began))
    return rates


def measure(tickets: int = 2000, repeats: int = 5) -> dict[str, float]:
    """Median tickets per second on one core: the typical examples, and the mix."""
    rubric = load_rubric()
    mix = workload(tickets)
    _warm(mix, rubric)
    return {
        "typical": statistics.median(_rate(workload(0), rubric, repeats * 4)),
        "mix": statistics.median(_rate(mix, rubric, repeats)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2000, help="generated tickets in the mix")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    rubric = load_rubric()
    examples = workload(0)
    mix = workload(args.tickets)
    _warm(mix, rubric)
    typical = statistics.median(_rate(examples, rubric, args.repeats * 4))
    rates = _rate(mix, rubric, args.repeats)
    median = statistics.median(rates)
    per_message = median * sum(len(t.messages) for t in mix) / len(mix)
    rows = [
        ("typical: the 47 examples (2.9 messages each)", f"{typical:,.0f} tickets/s"),
        (
            f"mix: examples + {args.tickets} generated ({_average(mix):.1f} messages each)",
            f"{median:,.0f} tickets/s (repeats {min(rates):,.0f}–{max(rates):,.0f})",
        ),
        ("mix, per message", f"{per_message:,.0f} messages/s, {1000 / median:.2f} ms CPU a ticket"),
        ("bar: ≥ 1,000 tickets/s of the mix on one core", "met" if median >= 1000 else "MISSED"),
        ("machine", f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'scoring, one core (median of repeats)'.ljust(width)} | figure")
    print(f"{'-' * width}-|-{'-' * 44}")
    for key, value in rows:
        print(f"{key.ljust(width)} | {value}")
    if args.json:
        json.dump({"typical_per_second": typical, "mix_per_second": median, "mix_rates": rates}, sys.stdout)
        print()


def _average(tickets: list[Ticket]) -> float:
    return sum(len(t.messages) for t in tickets) / len(tickets)


if __name__ == "__main__":
    main()
