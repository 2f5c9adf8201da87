"""Writes examples/tickets.jsonl: realistic tickets written for ticketqa, across channels and
quality levels. Run `python examples/make_examples.py` after editing; the JSONL is committed."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

BASE = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
AGENTS = {"sam": ("7", "Sam Park"), "priya": ("8", "Priya Nair"), "leo": ("9", "Leo Martin"),
          "dana": ("10", "Dana Whitfield"), "kofi": ("11", "Kofi Mensah")}
TICKETS: list[dict] = []


def at(hours: float) -> str:
    return (BASE + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def ticket(tid, subject, customer, agent, messages, *, source="zendesk", channel="email",
           metrics=None, tags=(), status="solved", language=None, day=0):
    cust_id = str(100 + len(TICKETS))
    agent_id, agent_name = AGENTS[agent] if agent else (None, None)
    out = []
    for role, hours, body, *rest in messages:
        public = rest[0] if rest else True
        who = {"customer": (cust_id, customer), "agent": (agent_id, agent_name),
               "bot": ("900", "Answer Bot"), "system": (None, "System")}[role]
        if role == "agent" and rest[1:]:
            who = AGENTS[rest[1]]
        out.append({"author_role": role, "author_id": who[0], "author_name": who[1],
                    "public": public, "created_at": at(day * 24 + hours), "body": body,
                    "channel": channel})
    data = {"id": str(tid), "source": source, "subject": subject, "status": status,
            "created_at": out[0]["created_at"] if out else at(day * 24),
            "solved_at": out[-1]["created_at"] if out else at(day * 24),
            "requester": {"id": cust_id, "name": customer,
                          "email": f"{customer.split()[0].lower()}@example.com" if customer else None},
            "assignee": {"id": agent_id, "name": agent_name} if agent else None,
            "messages": out, "metrics": metrics or {}, "tags": list(tags), "language": language}
    TICKETS.append(data)


# --- excellent ---------------------------------------------------------------------------
ticket(4812, "Blender arrived broken", "Maria Lopez", "sam", [
    ("customer", 0, "<p>Hi, my new blender arrived today and the glass jar is cracked down the side. "
     "This is the second time this has happened and I'm really frustrated. I need it before Saturday "
     "for my daughter's party. Order #58213.</p>"),
    ("agent", 1.8, "<p>Hi Maria,</p><p>I'm so sorry — a cracked jar is bad enough, and a second time is "
     "really frustrating. So the jar on order #58213 arrived cracked and you need it before Saturday: "
     "let's make sure you have it.</p><p>I've sent a replacement by express courier today; it will "
     "arrive by Thursday and you'll get a tracking link by email within 2 hours. You don't need to "
     "return the cracked one. If you'd rather have a full refund instead, just say so.</p>"
     "<p>Let me know if there's anything else I can help with.</p><p>Best regards,<br>Sam</p>"),
    ("customer", 30, "Thank you Sam, the tracking link came through and it's on its way. Perfect!"),
], metrics={"first_reply_minutes": 108, "resolution_minutes": 1800, "reopens": 0}, tags=["shipping"])

ticket(4813, "Can't log in after password reset", "Tom Becker", "priya", [
    ("customer", 0, "Hello, I reset my password this morning but now the app says 'invalid "
     "credentials' every time I try to log in. I'm on Android. Can you help?"),
    ("agent", 0.5, "Hi Tom, thanks for getting in touch. So the reset went through but the Android "
     "app still rejects your new password — that usually means the app has the old password "
     "saved.\n\nHere's how to fix it:\n1. Open Settings → Apps → Acme → Storage.\n2. Tap Clear "
     "cache.\n3. Log in again with your new password.\n\nIf it still says invalid credentials, "
     "reply here and I'll reset your session from our side. Happy to help!"),
    ("customer", 2, "That worked, thanks Priya!"),
], metrics={"first_reply_minutes": 30, "reopens": 0}, source="freshdesk", channel="web")

ticket(4814, "Charged twice for November", "Aisha Khan", "leo", [
    ("customer", 0, "Hi there, I was charged twice for my November subscription (two charges of "
     "$24 on Nov 1). Can you refund the duplicate? Will this happen again next month?"),
    ("agent", 3, "Hi Aisha,\n\nI'm sorry about the double charge — that shouldn't have happened. "
     "I've refunded the duplicate $24 charge; it will show on your card within 5 business days.\n\n"
     "It won't happen again next month: the duplicate came from a payment retry on our side, which "
     "we fixed on Nov 1, so your next charge on Dec 1 will be a single $24.\n\nIf anything else "
     "looks off on your billing, just reply here — I'm happy to help."),
    ("customer", 20, "Great, thank you for explaining."),
], metrics={"first_reply_minutes": 180, "reopens": 0}, tags=["billing"])

ticket(4815, "Order status?", "James O'Connor", "dana", [
    ("customer", 0, "Hi, where is my order? It was supposed to arrive yesterday. Order 77120."),
    ("agent", 1, "Hi James, thanks for your patience. I've checked order 77120: it left our "
     "warehouse on Friday and the courier shows it arriving tomorrow before noon. Here's the "
     "tracking link: https://track.example.com/77120. I'm sorry it's a day late. Let me know if "
     "it hasn't arrived by tomorrow evening and I'll send a replacement right away."),
], metrics={"first_reply_minutes": 60, "reopens": 0}, channel="chat")

ticket(4816, "Upgrade plan question", "Chen Wei", "kofi", [
    ("customer", 0, "Hi, if I upgrade from Basic to Pro mid-month, do I pay the full Pro price "
     "this month? And do I keep my saved reports?"),
    ("agent", 2, "Hi Chen, good questions! If you upgrade mid-month you only pay the difference "
     "for the days left, so no full Pro price this month. And yes, you keep all your saved reports "
     "— nothing is deleted when you change plans. You can upgrade any time under Settings → "
     "Billing. Anything else I can help with?"),
    ("customer", 5, "Perfect, thanks."),
], metrics={"first_reply_minutes": 120, "reopens": 0}, source="freshdesk")

# --- sloppy ------------------------------------------------------------------------------
ticket(4820, "Refund", "Olivia Brown", "leo", [
    ("customer", 0, "I returned the shoes two weeks ago and haven't got my refund yet. When will "
     "I get it? My order number is 66104."),
    ("agent", 30, "refund is processing. what is your order number?"),
    ("customer", 31, "I already gave it: 66104"),
    ("agent", 50, "ok its been refunded"),
], metrics={"first_reply_minutes": 1800, "reopens": 0})

ticket(4821, "Setup issue", "Ben Carter", "sam", [
    ("customer", 0, "My smart plug won't connect to wifi, the light keeps blinking red. I've tried "
     "restarting the router. Model SP-200."),
    ("agent", 26, "Hello. You need to make sure you are using a 2.4ghz network because the plug "
     "dosent support 5ghz networks and then you should reset the plug by holding the button for "
     "ten seconds and then try adding it again in the app and if that does not work then we can "
     "look at it further but usually that is what the problem is with these devices recieving no "
     "connection."),
], metrics={"first_reply_minutes": 1560, "reopens": 0})

ticket(4822, "Password", "Grace Kim", "dana", [
    ("customer", 0, "hi how do I change the email on my account"),
    ("agent", 4, "Go to settings and change it."),
    ("customer", 5, "there is no email option in settings? I can only see name and password"),
    ("agent", 30, "You should have looked under Profile. Its there."),
], metrics={"first_reply_minutes": 240, "reopens": 1}, source="freshdesk", channel="web")

ticket(4823, "Wrong size delivered", "Lucas Silva", "kofi", [
    ("customer", 0, "I ordered the jacket in M but got an XL. Can I swap it? Do I need to pay for "
     "return shipping?"),
    ("agent", 20, "Hi Lucas, yes you can swap it. I've emailed you a return label."),
], metrics={"first_reply_minutes": 1200, "reopens": 0})

# --- rude ---------------------------------------------------------------------------------
ticket(4830, "App keeps crashing", "Nina Petrova", "leo", [
    ("customer", 0, "The app crashes every time I open the camera screen. I've reinstalled it "
     "twice. This is really annoying, I use it for work!"),
    ("agent", 5, "Hi Nina. Most customers manage to figure it out by reading the FAQ. Please try "
     "updating your phone. Let me know if you have questions."),
    ("customer", 6, "I DID update my phone. Are you even reading what I write?"),
    ("agent", 7, "Calm down. Updating fixes it for everyone else. I've escalated it anyway."),
], metrics={"first_reply_minutes": 300, "reopens": 0})

ticket(4831, "Late delivery complaint", "Mark Evans", "dana", [
    ("customer", 0, "My package is 5 days late. This is ridiculous."),
    ("agent", 2, "Hi Mark, delivery times are an estimate, that's just our policy. Not my problem "
     "if the courier is slow. You can track it yourself on the website."),
], metrics={"first_reply_minutes": 120, "reopens": 0}, channel="social")

# --- angry customer, handled well -------------------------------------------------------
ticket(4840, "THIRD time asking!!!", "Rachel Green", "priya", [
    ("customer", 0, "This is the THIRD time I'm writing about this!!! My account was charged for "
     "a subscription I cancelled in September. Nobody has replied and I am furious. Refund me now "
     "or I'm disputing it with my bank."),
    ("agent", 1, "Hi Rachel, I'm really sorry — you shouldn't have had to write three times, and I "
     "completely understand why you're furious. I've found the cancellation from September 14 and "
     "refunded the October and November charges ($38 in total); they'll show on your card within "
     "3–5 business days. I've also confirmed there are no further charges scheduled. If anything "
     "else looks wrong, reply here and it comes straight to me."),
    ("customer", 4, "Ok. Thank you for sorting it quickly."),
], metrics={"first_reply_minutes": 60, "reopens": 0}, tags=["billing", "escalation"])

ticket(4841, "Furniture damaged", "Peter Novak", "sam", [
    ("customer", 0, "The table you delivered has a huge scratch across the top and one leg is "
     "dented. I'm very disappointed, it was a gift."),
    ("agent", 3, "Hi Peter, I can see how disappointing that is, especially for a gift. Could you "
     "send me a photo of the scratch and the dented leg? As soon as I have it I'll arrange a "
     "replacement or a 30% partial refund if you'd like to keep it — whichever you prefer. "
     "Let me know which works best."),
    ("customer", 5, "Photos attached. I'll take the replacement."),
    ("agent", 6, "Thanks Peter. I've booked the replacement; it will be delivered on Friday "
     "between 9 and 12, and the driver will take the damaged one away. Anything else, just reply."),
], metrics={"first_reply_minutes": 180, "reopens": 0})

ticket(4842, "Still broken after your fix", "Helen Ward", "kofi", [
    ("customer", 0, "The export button does nothing in Chrome. Please fix this, I need my report."),
    ("agent", 2, "Hi Helen, thanks for reporting it. Please try clearing your browser cache and "
     "reloading the page. Let me know how it goes!"),
    ("customer", 20, "Still not working. I've cleared the cache twice. This is so frustrating, "
     "I have a deadline."),
], metrics={"first_reply_minutes": 120, "reopens": 0})

# --- several questions, one unanswered -------------------------------------------------
ticket(4850, "Cancel and refund", "Daniel Lee", "leo", [
    ("customer", 0, "Hi, I'd like to cancel my annual plan. Can I get a refund for the unused "
     "months? Will I be charged again next month?"),
    ("agent", 4, "Hi Daniel, I've cancelled your annual plan and issued a refund for the 7 unused "
     "months; it will reach your card within 5 business days. Click Billing → Invoices → Download "
     "to get the credit note. Let me know if you need anything else."),
], metrics={"first_reply_minutes": 240, "reopens": 0}, tags=["billing"])

ticket(4851, "Questions about warranty", "Sofia Rossi", "dana", [
    ("customer", 0, "Hello, my coffee machine stopped heating. Is it still under warranty? I bought "
     "it in March. Also, do you have a repair centre in Milan? And how long does a repair usually "
     "take?"),
    ("agent", 5, "Hi Sofia, thanks for getting in touch. Yes, your machine is still under warranty "
     "— it covers 2 years from purchase. A repair usually takes 7 to 10 days. I've emailed you a "
     "prepaid shipping label. Anything else, just ask."),
], metrics={"first_reply_minutes": 300, "reopens": 0}, source="freshdesk")

# --- refund refused without alternative -----------------------------------------------
ticket(4860, "Refund request", "Kevin Murphy", "kofi", [
    ("customer", 0, "Hi, I bought the annual plan 40 days ago and it's not what I expected. Can I "
     "get a refund?"),
    ("agent", 6, "Hi Kevin, unfortunately we can't refund annual plans after 30 days, as stated in "
     "our terms. Thanks for understanding."),
], metrics={"first_reply_minutes": 360, "reopens": 0}, tags=["refund"])

ticket(4861, "Refund request (good)", "Laura Schmidt", "priya", [
    ("customer", 0, "Hi, I bought the annual plan 45 days ago and it's not what I expected. Can I "
     "get a refund?"),
    ("agent", 2, "Hi Laura, thanks for being upfront about it. Unfortunately I can't refund the "
     "annual plan after 30 days, but what I can do is switch you to the monthly plan and credit "
     "the unused 10 months ($80) to your account, or pause the plan for up to 3 months at no "
     "cost. Which would you prefer? Happy to help either way."),
    ("customer", 3, "The credit sounds good, thanks."),
    ("agent", 3.5, "Done — I've switched you to monthly and added the $80 credit; you'll see it on "
     "your next invoice. Let me know if there's anything else."),
], metrics={"first_reply_minutes": 120, "reopens": 0}, tags=["refund"])

# --- HTML email with quoted history and signature -------------------------------------
ticket(4870, "Re: Invoice address", "Michael Fischer", "sam", [
    ("customer", 0, "<div dir=\"ltr\">Hello,<br><br>Could you change the address on invoice "
     "INV-2231 to our new office: 12 Harbour Street, Leeds LS1 4DT? Our finance team needs it "
     "today.<br><br>Thanks,<br>Michael<br><br><div class=\"gmail_signature\">Michael Fischer | "
     "Finance Lead | Northwind Ltd<br>+44 113 496 0000</div></div>"),
    ("agent", 1, "<p>Hi Michael,</p><p>Thanks for the new address. I've updated invoice INV-2231 "
     "to 12 Harbour Street, Leeds LS1 4DT and re-sent it to your email a moment ago.</p><p>Let me "
     "know if your finance team needs anything else.</p><p>Kind regards,<br>Sam Park<br>Billing "
     "Support</p>"),
    ("customer", 3, "<div dir=\"ltr\">Got it, thank you!<br><br><div class=\"gmail_quote\"><div "
     "dir=\"ltr\" class=\"gmail_attr\">On Mon, Nov 2, 2026 at 10:00 AM Sam Park &lt;support@"
     "example.com&gt; wrote:<br></div><blockquote class=\"gmail_quote\" style=\"margin:0 0 0 "
     ".8ex\"><p>Hi Michael,</p><p>Thanks for the new address. I've updated invoice INV-2231"
     "...</p></blockquote></div></div>"),
], metrics={"first_reply_minutes": 60, "reopens": 0}, tags=["billing"])

ticket(4871, "Re: Broken zip", "Emma Wilson", "priya", [
    ("customer", 0, "Hi,\n\nThe zip on the backpack I bought last week broke on the first day. "
     "Can I get it repaired or replaced?\n\nThanks,\nEmma\n\nSent from my iPhone"),
    ("agent", 4, "Hi Emma,\n\nI'm sorry the zip broke so soon — that's not the quality we want "
     "you to get. I've arranged a replacement backpack; it ships tomorrow and you'll get a "
     "tracking number by email. You can keep the broken one.\n\nIf there's anything else, just "
     "reply here.\n\nBest,\nPriya"),
    ("customer", 28, "Thank you, that's great!\n\nOn Mon, 2 Nov 2026 at 13:00, Acme Support "
     "<support@example.com> wrote:\n> Hi Emma,\n>\n> I'm sorry the zip broke so soon\n> I've "
     "arranged a replacement backpack"),
], metrics={"first_reply_minutes": 240, "reopens": 0}, source="freshdesk")

ticket(4872, "FW: Delivery problem", "Oscar Lind", "leo", [
    ("customer", 0, "<p>Hello, see below, I wrote to the courier and they told me to contact you. "
     "The parcel never arrived and the tracking has not moved since Oct 28. Order 55091.</p>"
     "<div id=\"divRplyFwdMsg\"><b>From:</b> Courier Support<br><b>Sent:</b> Sunday<br>"
     "<b>Subject:</b> Parcel</div><div>Please contact the sender about your parcel.</div>"),
    ("agent", 2, "<p>Hi Oscar,</p><p>I'm sorry your parcel never arrived — and thanks for checking "
     "with the courier first. I've checked order 55091 and the tracking has indeed not moved since "
     "Oct 28, so I've sent a new parcel today by tracked delivery; it will arrive within 3 "
     "business days.</p><p>Let me know if anything else comes up.</p>"),
], metrics={"first_reply_minutes": 120, "reopens": 0})

# --- bot-only, system, no agent reply, not scorable -----------------------------------
ticket(4880, "Reset password link", "Yuki Tanaka", None, [
    ("customer", 0, "How do I reset my password?"),
    ("bot", 0.01, "Hi! You can reset your password here: Settings → Security → Reset password. "
     "Did that answer your question?"),
    ("customer", 0.1, "yes thanks"),
    ("system", 0.2, "Ticket solved by Answer Bot."),
], channel="chat")

ticket(4881, "Question about stock", "Ahmed Hassan", None, [
    ("customer", 0, "Hi, will the blue kettle be back in stock before Christmas?"),
    ("system", 72, "This ticket was closed automatically after 3 days without activity."),
], status="closed")

ticket(4882, "Internal only", "Iris Novak", "sam", [
    ("customer", 0, "My discount code SAVE10 is not working at checkout."),
    ("agent", 1, "Checked with marketing: SAVE10 expired on Oct 31. Customer was told by phone.",
     False),
])

ticket(4883, "ok", "Paul Young", "dana", [
    ("customer", 0, "Thanks"),
    ("agent", 1, "Welcome!"),
])

# --- non-English -------------------------------------------------------------------------
ticket(4890, "Licuadora rota", "Carmen Ruiz", "sam", [
    ("customer", 0, "Hola, mi licuadora llegó con el vaso roto. Es la segunda vez que pasa y "
     "necesito una solución antes del sábado. Pedido 58990."),
    ("agent", 2, "Hola Carmen, lamento mucho lo ocurrido. Te he enviado un vaso de repuesto por "
     "mensajería urgente; llegará el jueves y recibirás el número de seguimiento por correo. "
     "Si necesitas algo más, aquí estoy."),
    ("customer", 30, "Muchas gracias, ya lo tengo."),
], metrics={"first_reply_minutes": 120, "reopens": 0})

ticket(4891, "Commande non reçue", "Julien Moreau", "priya", [
    ("customer", 0, "Bonjour, ma commande 71230 n'est jamais arrivée alors que le suivi indique "
     "qu'elle a été livrée. Pouvez-vous vérifier, s'il vous plaît ?"),
    ("agent", 3, "Bonjour Julien, je suis désolée pour ce désagrément. J'ai ouvert une enquête "
     "auprès du transporteur et je vous envoie un nouveau colis dès aujourd'hui. Vous recevrez le "
     "numéro de suivi par e-mail."),
], metrics={"first_reply_minutes": 180, "reopens": 0}, source="freshdesk")

ticket(4892, "Rechnung falsch", "Klaus Weber", "leo", [
    ("customer", 0, "Guten Tag, auf meiner Rechnung für November steht der falsche Betrag. Ich "
     "habe den Basic-Tarif, aber mir wurde Pro berechnet. Bitte korrigieren Sie das."),
    ("agent", 40, "Hallo Herr Weber, danke für Ihre Nachricht. Ich habe die Rechnung korrigiert "
     "und Ihnen die Differenz von 15 € gutgeschrieben."),
], metrics={"first_reply_minutes": 2400, "reopens": 0}, language="de")

# --- reopened --------------------------------------------------------------------------
ticket(4900, "Sync not working", "Hannah Scott", "kofi", [
    ("customer", 0, "My calendar stopped syncing with Google since yesterday. Can you help?"),
    ("agent", 3, "Hi Hannah, sorry about that. Please try disconnecting and reconnecting Google "
     "under Settings → Integrations. That usually fixes it."),
    ("customer", 48, "I did that and it worked for a day, but it stopped syncing again this "
     "morning. Same problem."),
    ("agent", 52, "Hi Hannah, sorry it came back. I've found the cause: your Google token expired "
     "because of a bug on our side, which our engineers fixed today. I've reset the connection "
     "from our end, so it will keep syncing now. If it stops again, reply here and I'll look "
     "straight away."),
    ("customer", 60, "It's been fine all day, thanks!"),
], metrics={"first_reply_minutes": 180, "reopens": 1}, source="freshdesk")

ticket(4901, "Printer offline again", "George Hall", "sam", [
    ("customer", 0, "The office printer shows offline on every laptop."),
    ("agent", 10, "Restart the printer."),
    ("customer", 40, "Restarted it, it's still offline."),
    ("agent", 60, "Restart the router then."),
    ("customer", 90, "Still not working. This is the third time I'm writing."),
    ("agent", 100, "Reinstall the driver from our website."),
], metrics={"first_reply_minutes": 600, "reopens": 2})

# --- chat & social channels ------------------------------------------------------------
ticket(4910, "Chat: delivery slot", "Mia Johnson", "dana", [
    ("customer", 0, "hi! can I change my delivery slot to saturday morning?"),
    ("agent", 0.02, "Hi Mia! Sure thing — I've moved your delivery to Saturday between 8 and 11am. "
     "You'll get a confirmation text in a few minutes. Anything else I can do for you?"),
    ("customer", 0.05, "no that's all, thanks!"),
], metrics={"first_reply_minutes": 1, "reopens": 0}, channel="chat")

ticket(4911, "Twitter DM: promo code", "Ryan Adams", "leo", [
    ("customer", 0, "your promo code BLACKFRIDAY doesnt work?? tried 5 times"),
    ("agent", 0.5, "Hi Ryan, sorry for the hassle! The code works on full-price items only, which "
     "is why it was rejected for the sale jacket in your basket. I've sent you a one-time 15% code "
     "by DM that works on sale items too. Let us know if it gives you any trouble!"),
], metrics={"first_reply_minutes": 30, "reopens": 0}, channel="social")

ticket(4912, "Chat: shouting agent", "Zoe Clark", "kofi", [
    ("customer", 0, "I can't find where to download my invoice."),
    ("agent", 0.1, "Hi Zoe. AS I ALREADY EXPLAINED IN THE EMAIL, it is under Billing!! Click "
     "Invoices and then Download."),
], metrics={"first_reply_minutes": 6, "reopens": 0}, channel="chat")

# --- multi-agent, private notes, our own earlier note --------------------------------
ticket(4920, "Account locked", "Samuel Brooks", "priya", [
    ("customer", 0, "My account got locked after I tried to log in from a new laptop. I need "
     "access for a client meeting this afternoon. My email is samuel@example.com."),
    ("agent", 0.3, "Hi Samuel, thanks for flagging it quickly. Could you confirm your email "
     "address so I can find the account?", True, "dana"),
    ("customer", 0.4, "It's samuel@example.com, as I said."),
    ("agent", 0.5, "Security check passed; unlocking now.", False, "priya"),
    ("agent", 0.6, "Hi Samuel, sorry for the extra step. I've unlocked your account and added "
     "your new laptop as a trusted device, so you can log in right away. Good luck with the "
     "meeting, and let me know if anything else comes up."),
    ("customer", 1, "In, thanks so much!"),
], metrics={"first_reply_minutes": 18, "reopens": 0})

ticket(4921, "Reopened after our note", "Lily Turner", "dana", [
    ("customer", 0, "Hi, can you tell me when the gift cards will be back in stock?"),
    ("agent", 2, "Hi Lily, thanks for asking! Gift cards are back in stock on Monday, 9 November; "
     "I've added you to the notification list so you'll get an email the moment they're "
     "available. Anything else I can help with?"),
    ("agent", 30, "QA 90/100 · Great — earlier coaching note.\n\nticketqa · rubric default v1\n\n"
     "[ticketqa:default@1:0123456789abcdef]", False),
], metrics={"first_reply_minutes": 120, "reopens": 0})

# --- more everyday tickets of mixed quality ---------------------------------------------
ticket(4930, "Subscription pause", "Noah Baker", "sam", [
    ("customer", 0, "I'm travelling for two months. Can I pause my meal kit subscription instead "
     "of cancelling?"),
    ("agent", 3, "Hi Noah, yes you can! I've paused your subscription from 9 November to 11 "
     "January; you won't be charged during that time, and deliveries restart on 12 January "
     "automatically. Safe travels, and let me know if your dates change."),
], metrics={"first_reply_minutes": 180, "reopens": 0})

ticket(4931, "Data export", "Eva Larsen", "kofi", [
    ("customer", 0, "We need a full export of our workspace data for an audit. What format is it "
     "in and how long does it take?"),
    ("agent", 26, "Hello Eva. Data exports are handled by our L2 team via the backend, you will "
     "get it when its ready. Regards."),
], metrics={"first_reply_minutes": 1560, "reopens": 0}, source="freshdesk")

ticket(4932, "Missing item in order", "Isaac Wright", "priya", [
    ("customer", 0, "My order 60031 arrived but the charging cable is missing from the box."),
    ("agent", 2, "Hi Isaac, I'm sorry the cable was missing from order 60031. I've sent one out "
     "today by first-class post; it will arrive within 2 business days. Let me know if it "
     "doesn't turn up."),
    ("customer", 50, "Arrived today, thanks."),
], metrics={"first_reply_minutes": 120, "reopens": 0})

ticket(4933, "Cancel order", "Chloe Davis", "leo", [
    ("customer", 0, "Please cancel order 61200, I ordered the wrong colour."),
    ("agent", 9, "Order cancelled."),
], metrics={"first_reply_minutes": 540, "reopens": 0})

ticket(4934, "Gift wrapping", "Ethan Moore", "dana", [
    ("customer", 0, "Hi, do you offer gift wrapping? It's for my mum's birthday on Friday."),
    ("agent", 1, "Hi Ethan, unfortunately we don't offer gift wrapping at the moment. Sorry "
     "about that."),
], metrics={"first_reply_minutes": 60, "reopens": 0})

ticket(4935, "API rate limit", "Ava Robinson", "kofi", [
    ("customer", 0, "Our integration keeps getting 429 errors since this morning. We haven't "
     "changed anything on our side. Did you lower the limits?"),
    ("agent", 1, "Hi Ava, thanks for the details — that helps a lot. Yes: we moved your account "
     "to the new limits this morning by mistake, so you were capped at 100 requests a minute "
     "instead of 700. I'm sorry for the disruption. I've restored the 700 limit, effective now; "
     "your integration should recover within a minute. If you still see 429s after that, send "
     "me a request ID and I'll dig in."),
    ("customer", 2, "Confirmed, errors are gone. Thanks for the quick fix."),
], metrics={"first_reply_minutes": 60, "reopens": 0}, source="freshdesk", channel="api")

ticket(4936, "Very long thread", "William Hughes", "sam", [
    ("customer", 0, "Hi, the dishwasher shows error E24 and won't drain."),
    ("agent", 2, "Hi William, sorry to hear that. E24 means a drain problem. Please check the "
     "filter at the bottom of the tub and clean it, then run a rinse cycle. Let me know if the "
     "error clears."),
    ("customer", 20, "Cleaned the filter, still E24."),
    ("agent", 22, "Thanks for trying that. Next, please check the drain hose behind the machine "
     "isn't kinked. Let me know how it goes."),
    ("customer", 40, "Hose is fine. Still E24."),
    ("agent", 42, "Thanks William. I've booked an engineer visit for Thursday between 8am and "
     "noon; it's covered by your warranty, so there's no charge. You'll get a confirmation text "
     "the day before. Anything else, just reply."),
    ("customer", 100, "Engineer came and fixed it. Thanks for your help."),
], metrics={"first_reply_minutes": 120, "reopens": 0})

ticket(4937, "Where is my refund (sarcastic)", "Owen Price", "leo", [
    ("customer", 0, "It has been 3 weeks and still no refund. What is going on?"),
    ("agent", 48, "Hi Owen. Refunds take 5-10 days, it's not rocket science. It will come."),
], metrics={"first_reply_minutes": 2880, "reopens": 0})

ticket(4938, "Thanks only", "Ella Cooper", "priya", [
    ("customer", 0, "Just wanted to say the new update is brilliant, the dark mode is lovely."),
    ("agent", 4, "Hi Ella, thank you so much for taking the time to tell us! I've passed your "
     "note on to the design team — it'll make their day. Have a lovely week!"),
], metrics={"first_reply_minutes": 240, "reopens": 0})

ticket(4939, "Typo-heavy reply", "Jack Morris", "kofi", [
    ("customer", 0, "Hi, how do I add a second user to my account?"),
    ("agent", 3, "Hi Jack, thanks for your mesage. To add a secnd user, go to Settings → Team and "
     "click Invite. They will recieve an email with a link. Let me know if you need anythign else."),
    ("customer", 4, "Got it, thanks."),
], metrics={"first_reply_minutes": 180, "reopens": 0})

ticket(4940, "Empty ticket", "Ruby Bell", "sam", [])

ticket(4941, "Late reply, good content", "Freya Ward", "dana", [
    ("customer", 0, "Hello, can I change the delivery address for order 70015 to my work "
     "address, 5 Mill Lane, Bristol BS1 6QA?"),
    ("agent", 30, "Hi Freya, thanks for your patience, and sorry for the slow reply. I've changed "
     "the delivery address for order 70015 to 5 Mill Lane, Bristol BS1 6QA; it will arrive "
     "there on Wednesday. Let me know if anything else needs changing."),
], metrics={"first_reply_minutes": 1800, "reopens": 0})


def main() -> None:
    path = Path(__file__).with_name("tickets.jsonl")
    with path.open("w", encoding="utf-8") as out:
        for data in TICKETS:
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
    print(f"wrote {len(TICKETS)} tickets to {path}")


if __name__ == "__main__":
    main()
