"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd).

    python smtp_server.py DIR [--tls none|starttls|tls] [--auth USER:PASSWORD]

Writes a CA certificate the client must trust to DIR/ca.pem (trustme: a CA and a leaf
certificate for 127.0.0.1, made at start), prints "PORT <n>" once it accepts connections,
and stores every message it is given as DIR/msg-N.eml (the bytes of DATA, exactly as
received) with DIR/msg-N.json (envelope sender, recipients, the authenticated user). It
stops when its standard input closes.
"""

import argparse
import json
import logging
import socket
import ssl
import sys
import warnings
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Store:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = self.folder / f"msg-{self.count}"
        base.with_suffix(".eml").write_bytes(envelope.original_content)
        base.with_suffix(".json").write_text(
            json.dumps(
                {
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": envelope.rcpt_tos,
                    "auth": session.auth_data,
                    "tls": server.transport.get_extra_info("ssl_object") is not None,
                }
            )
        )
        return "250 OK stored"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--tls", default="none", choices=["none", "starttls", "tls"])
    ap.add_argument("--auth")
    args = ap.parse_args()
    # Refused handshakes are what some tests are about: no tracebacks in the test output.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)

    kwargs = {}
    context = None
    if args.tls != "none":
        import trustme

        ca = trustme.CA()
        ca.cert_pem.write_to_path(str(folder / "ca.pem"))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    if args.tls == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    elif args.tls == "tls":
        kwargs.update(ssl_context=context)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def check(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False, auth_data=auth_data.login.decode())

        # With implicit TLS aiosmtpd does not know the session is encrypted: it is.
        kwargs.update(authenticator=check, auth_required=True, auth_require_tls=args.tls == "starttls")

    port = free_port()
    controller = Controller(Store(folder), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    print(f"PORT {port}", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
