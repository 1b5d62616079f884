#!/usr/bin/env python3
"""Writes the hostile-mail corpus: odd, broken and noisy real-world mail, one .eml per case.

Run from this folder: python3 generate.py. `{{INBOX}}` is replaced with the test inbox at send
time. Every case carries its marker (c01 …) in the subject or first body line so the test can
find what it became through the API. expected.json says what each must become.
"""
import base64, json, os, random

random.seed(7)
cases = {}
expected = {}

def add(name, expect, data):
    if isinstance(data, str):
        data = data.replace("\n", "\r\n").encode("utf-8")
    cases[name] = data
    expected[name] = expect

H = lambda n, extra="": f"From: Customer {n} <cust{n}@corpus.test>\nTo: {{{{INBOX}}}}\n{extra}"

add("c01-no-date-no-message-id", "issue", H("01") + "Subject: corpus-c01 minimal\n\nHello, minimal mail.\n")
add("c02-unparseable-date", "issue", H("02", "Date: yesterday at noon-ish\nMessage-ID: <c02@corpus.test>\n") + "Subject: corpus-c02 bad date\n\nBody.\n")
add("c03-date-in-2099", "issue", H("03", "Date: Fri, 1 Jan 2099 00:00:00 +0000\nMessage-ID: <c03@corpus.test>\n") + "Subject: corpus-c03 future\n\nFrom the future.\n")
same = H("04") + "Subject: corpus-c04 no id twice\n\nSame bytes delivered twice.\n"
add("c04-no-message-id", "issue", same)
add("c05-same-bytes-again", "duplicate:c04", same)
add("c06-with-id", "issue", H("06", "Message-ID: <c06@corpus.test>\n") + "Subject: corpus-c06 original\n\nOriginal.\n")
add("c07-same-id-resent", "duplicate:c06", H("06", "Message-ID: <c06@corpus.test>\n") + "Subject: corpus-c06 resent\n\nResent with changes.\n")
add("c08-undisclosed-recipients", "issue", "From: cust08@corpus.test\nTo: undisclosed-recipients:;\nSubject: corpus-c08 group empty\nMessage-ID: <c08@corpus.test>\n\nBcc'd to us.\n")
add("c09-group-with-members", "issue", "From: cust09@corpus.test\nTo: Friends: a@corpus.test, {{INBOX}};\nSubject: corpus-c09 group\nMessage-ID: <c09@corpus.test>\n\nGroup syntax.\n")
add("c10-malformed-from", "issue", 'From: "Broken <no-at-sign\nTo: {{INBOX}}\nSubject: corpus-c10 bad from\nMessage-ID: <c10@corpus.test>\n\nEnvelope sender decides.\n')
add("c11-no-from", "issue", "To: {{INBOX}}\nSubject: corpus-c11 no from\nMessage-ID: <c11@corpus.test>\n\nNo From header.\n")
add("c12-garbage-header-lines", "issue", H("12", "this line has no colon\n: empty name\nX-\x7fWeird: yes\nMessage-ID: <c12@corpus.test>\n") + "Subject: corpus-c12 garbage headers\n\nBody.\n")
add("c13-10k-subject", "issue", H("13", "Message-ID: <c13@corpus.test>\n") + "Subject: corpus-c13 " + "long " * 2000 + "\n\nLong subject.\n")
add("c14-300k-text", "issue", H("14", "Message-ID: <c14@corpus.test>\n") + "Subject: corpus-c14 huge text\n\n" + ("All work and no play. " * 15000) + "\n")
add("c15-1mb-html", "issue", H("15", "Message-ID: <c15@corpus.test>\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n") + "Subject: corpus-c15 huge html\n\n<p>corpus-c15</p>" + ("<div><b>x</b><i>y</i></div>" * 20000) + "\n")
nested = "--l1\nContent-Type: multipart/alternative; boundary=l2\n\n--l2\nContent-Type: multipart/related; boundary=l3\n\n--l3\nContent-Type: multipart/mixed; boundary=l4\n\n--l4\nContent-Type: text/plain\n\ncorpus-c16 deep inside\n--l4--\n--l3--\n--l2--\n--l1--\n"
add("c16-nested-multipart", "issue", H("16", "Message-ID: <c16@corpus.test>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=l1\n") + "Subject: corpus-c16 nested\n\n" + nested)
deep = "".join(f"--d{i}\nContent-Type: multipart/mixed; boundary=d{i+1}\n\n" for i in range(80)) + "--d80\nContent-Type: text/plain\n\ncorpus-c17 very deep\n" + "".join(f"--d{i}--\n" for i in range(80, -1, -1))
add("c17-80-levels-deep", "issue", H("17", "Message-ID: <c17@corpus.test>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=d0\n") + "Subject: corpus-c17 deep\n\n" + deep)
add("c18-latin1", "issue", (H("18", "Message-ID: <c18@corpus.test>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n") + "Subject: corpus-c18 latin1\n\n").replace("\n", "\r\n").encode() + "Caf\xe9 cr\xe8me, \xe0 bient\xf4t.\r\n".encode("latin-1"))
add("c19-cp1252-encoded-word", "issue", H("19", "Message-ID: <c19@corpus.test>\n") + "Subject: =?windows-1252?Q?corpus-c19_=93smart=94_quotes_=80?=\n\nBody.\n")
add("c20-shift-jis", "issue", (H("20", "Message-ID: <c20@corpus.test>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=Shift_JIS\nContent-Transfer-Encoding: 8bit\n") + "Subject: corpus-c20 sjis\n\n").replace("\n", "\r\n").encode() + "こんにちは、サポートさん。\r\n".encode("shift_jis"))
add("c21-unknown-charset", "issue", (H("21", "Message-ID: <c21@corpus.test>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=x-no-such-charset\nContent-Transfer-Encoding: 8bit\n") + "Subject: =?x-no-such-charset?Q?corpus-c21?=\n\n").replace("\n", "\r\n").encode() + b"corpus-c21 \xff\xfe odd bytes\r\n")
add("c22-broken-base64", "issue", H("22", "Message-ID: <c22@corpus.test>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n") + "Subject: corpus-c22 broken base64\n\nY29ycHVz!!!LWMyMg==@@@not*base64\n")
add("c23-broken-quoted-printable", "issue", H("23", "Message-ID: <c23@corpus.test>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n") + "Subject: corpus-c23 broken qp\n\nBad =ZZ escape =\nand soft=\n=E2=82 truncated\n")
add("c24-undeclared-8bit", "issue", (H("24", "Message-ID: <c24@corpus.test>\n") + "Subject: corpus-c24 raw 8bit\n\n").replace("\n", "\r\n").encode() + b"Undeclared \xe9\xe8\x80\x81 bytes\r\n")
add("c25-nul-bytes", "issue", (H("25", "Message-ID: <c25@corpus.test>\n") + "Subject: corpus-c25 nul\n\n").replace("\n", "\r\n").encode() + b"Nul\x00bytes\x00inside\r\n")
add("c26-invalid-encoded-word", "issue", H("26", "Message-ID: <c26@corpus.test>\n") + "Subject: =?utf-8?X?bogus?= corpus-c26 =?utf-8?B?!!!?=\n\nBody.\n")
add("c27-subject-only", "issue", H("27", "Message-ID: <c27@corpus.test>\n") + "Subject: corpus-c27 subject only\n\n")
add("c28-nothing-at-all", "issue", "From: corpus-c28 <cust28@corpus.test>\nTo: {{INBOX}}\nMessage-ID: <c28@corpus.test>\nX-Corpus: corpus-c28\n\n")
png = base64.b64encode(bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f00f0004850180a4a98c210000000049454e44ae426082")).decode()
add("c29-attachment-only", "issue", H("29", "Message-ID: <c29@corpus.test>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=a\n") + f"Subject: corpus-c29 attachment only\n\n--a\nContent-Type: image/png; name=pic.png\nContent-Disposition: attachment; filename=pic.png\nContent-Transfer-Encoding: base64\n\n{png}\n--a--\n")
add("c30-lying-content-type", "issue", H("30", "Message-ID: <c30@corpus.test>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=a\n") + "Subject: corpus-c30 lying type\n\n--a\nContent-Type: text/plain\n\nSee file.\n--a\nContent-Type: image/png; name=x.png\nContent-Disposition: attachment; filename=x.png\n\n<html><script>alert(1)</script></html>\n--a--\n")
add("c31-path-traversal-filename", "issue", H("31", "Message-ID: <c31@corpus.test>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=a\n") + "Subject: corpus-c31 traversal\n\n--a\nContent-Type: text/plain\n\nFile.\n--a\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"../../etc/passwd\"\n\nroot:x:0:0\n--a--\n")
add("c32-hostile-html", "issue", H("32", "Message-ID: <c32@corpus.test>\nMIME-Version: 1.0\nContent-Type: text/html\n") + 'Subject: corpus-c32 hostile html\n\n<p>corpus-c32</p><script>alert(1)</script><iframe src="https://evil.test"></iframe><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a><img src="https://track.test/p.gif"><style>body{display:none}</style>\n')
add("c33-bare-lf", "issue", ("From: cust33@corpus.test\nTo: {{INBOX}}\nSubject: corpus-c33 bare LF\nMessage-ID: <c33@corpus.test>\n\nLF only line endings.\n").encode())
add("c34-multipart-no-boundary", "issue", H("34", "Message-ID: <c34@corpus.test>\nMIME-Version: 1.0\nContent-Type: multipart/mixed\n") + "Subject: corpus-c34 no boundary\n\nThere is no boundary.\n")
add("c35-unclosed-boundary", "issue", H("35", "Message-ID: <c35@corpus.test>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=zz\n") + "Subject: corpus-c35 unclosed\n\n--zz\nContent-Type: text/plain\n\nNever closed.\n")
add("c36-unknown-transfer-encoding", "issue", H("36", "Message-ID: <c36@corpus.test>\nMIME-Version: 1.0\nContent-Transfer-Encoding: x-martian\n") + "Subject: corpus-c36 odd cte\n\nBody.\n")
add("c37-forwarded-rfc822", "issue", H("37", "Message-ID: <c37@corpus.test>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=f\n") + "Subject: corpus-c37 forward\n\n--f\nContent-Type: text/plain\n\nSee below.\n--f\nContent-Type: message/rfc822\n\nFrom: inner@corpus.test\nSubject: inner\n\nInner body.\n--f--\n")
add("c38-auto-submitted", "noise", H("38", "Message-ID: <c38@corpus.test>\nAuto-Submitted: auto-replied\n") + "Subject: corpus-c38 auto\n\nI am away.\n")
add("c39-precedence-list", "noise", H("39", "Message-ID: <c39@corpus.test>\nPrecedence: list\nList-Id: <news.corpus.test>\n") + "Subject: corpus-c39 newsletter\n\nNews.\n")
add("c40-dsn-report", "noise", "From: Mail System <mta@corpus.test>\nTo: {{INBOX}}\nSubject: corpus-c40 undelivered\nMessage-ID: <c40@corpus.test>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=r\n\n--r\nContent-Type: text/plain\n\nFailed.\n--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mta.corpus.test\n\nFinal-Recipient: rfc822; x@corpus.test\nAction: failed\nStatus: 5.0.0\n--r--\n")
add("c41-mailer-daemon", "noise", "From: MAILER-DAEMON@corpus.test\nTo: {{INBOX}}\nSubject: corpus-c41 returned mail\nMessage-ID: <c41@corpus.test>\n\nReturned.\n")
add("c42-x-autoreply", "noise", H("42", "Message-ID: <c42@corpus.test>\nX-Autoreply: yes\n") + "Subject: corpus-c42 autoreply\n\nAway.\n")
add("c43-german-ooo-subject", "noise", H("43", "Message-ID: <c43@corpus.test>\n") + "Subject: Automatische Antwort: corpus-c43\n\nIch bin nicht da.\n")
add("c44-from-our-inbox", "noise", "From: {{INBOX}}\nTo: {{INBOX}}\nSubject: corpus-c44 loop\nMessage-ID: <c44@corpus.test>\n\nLooping.\n")
add("c45-reply-to-c06", "joins:c06", H("06", "Message-ID: <c45@corpus.test>\nIn-Reply-To: <c06@corpus.test>\n") + "Subject: Re: whatever corpus-c45\n\nA reply.\n")
refs = " ".join(f"<r{i}@corpus.test>" for i in range(3000))
add("c46-huge-references", "issue", H("46", f"Message-ID: <c46@corpus.test>\nReferences: <unbalanced@x {refs} <<>> garbage\n") + "Subject: corpus-c46 refs\n\nMany refs.\n")
add("c47-message-id-with-spaces", "issue", H("47", "Message-ID: not a valid id\n") + "Subject: corpus-c47 bad id\n\nBody.\n")
add("c48-control-char-subject", "issue", H("48", "Message-ID: <c48@corpus.test>\n") + "Subject: \x01\x02\x03\n\ncorpus-c48 first line is the title\n")
add("c49-weird-folding", "issue", H("49", "Message-ID:\n\t<c49@corpus.test>\n") + "Subject: corpus-c49\n  folded\n\tacross lines\n\nBody.\n")
add("c50-duplicate-headers", "issue", "From: first@corpus.test\nFrom: second@corpus.test\nTo: {{INBOX}}\nSubject: corpus-c50 first subject\nSubject: second subject\nMessage-ID: <c50@corpus.test>\n\nTwice.\n")
add("c51-random-binary", "issue", b"Subject: corpus-c51 binary\r\n\r\n" + bytes(random.randrange(256) for _ in range(4000)))
add("c52-emoji-rtl", "issue", H("52", "Message-ID: <c52@corpus.test>\n") + "Subject: =?utf-8?B?" + base64.b64encode("corpus-c52 🔥 مرحبا שלום".encode()).decode() + "?=\n\nEmoji 🔥 and RTL.\n")
add("c53-unicode-sender", "issue", "From: Jürgen <jürgen@corpus.test>\nTo: {{INBOX}}\nSubject: corpus-c53 unicode sender\nMessage-ID: <c53@corpus.test>\n\nHallo.\n")
add("c54-html-only-with-cid", "issue", H("54", "Message-ID: <c54@corpus.test>\nMIME-Version: 1.0\nContent-Type: multipart/related; boundary=rel\n") + f"Subject: corpus-c54 inline image\n\n--rel\nContent-Type: text/html\n\n<p>Look: <img src=\"cid:img1\"></p>\n--rel\nContent-Type: image/png\nContent-ID: <img1>\nContent-Transfer-Encoding: base64\n\n{png}\n--rel--\n")
add("c55-header-only-no-body-separator", "issue", "From: cust55@corpus.test\nTo: {{INBOX}}\nSubject: corpus-c55 no blank line\nMessage-ID: <c55@corpus.test>")

here = os.path.dirname(os.path.abspath(__file__))
for name, data in cases.items():
    with open(os.path.join(here, f"{name}.eml"), "wb") as f:
        f.write(data)
with open(os.path.join(here, "expected.json"), "w") as f:
    json.dump(expected, f, indent=2)
    f.write("\n")
print(len(cases), "cases")
