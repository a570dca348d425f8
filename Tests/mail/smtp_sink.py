"""A small SMTP relay for tests (RFC 5321 as Lentera speaks it): EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, RSET,
NOOP, QUIT. It keeps every message it accepts, with whether the session was encrypted and who logged in.

    sink = SMTPSink(port, certificate=("server.pem", "server.key"), login=("user", "secret"), refuse={"x@y.z"})
    sink.start(); ...; sink.messages; sink.stop()
"""
import base64
import socket
import time
import ssl
import threading


class SMTPSink:
    def __init__(self, port=0, certificate=None, login=None, refuse=(), defer=(), offer_starttls=True, inject_after_starttls=b"",
                 inject_after_ehlo=b""):
        """refuse: addresses answered 550 (for good); defer: answered 450 (try later); inject_after_starttls and
        inject_after_ehlo: plaintext sent right after the 220 to STARTTLS or the reply to EHLO, as someone in between
        would inject it."""
        self.port, self.certificate, self.login, self.refuse, self.defer = port, certificate, login, set(refuse), set(defer)
        self.offer_starttls, self.inject_after_starttls, self.inject_after_ehlo = offer_starttls, inject_after_starttls, inject_after_ehlo
        self.messages, self.transcript, self.errors = [], [], []
        self.lock = threading.Lock()
        self.listener = None

    def start(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.port = self.listener.getsockname()[1]
        self.listener.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self):
        if self.listener:
            try:
                self.listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.listener.close()
            self.listener = None

    def _accept(self):
        listener = self.listener
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(connection,), daemon=True).start()

    def _session(self, connection):
        state = {"tls": False, "user": None, "from": None, "to": []}
        stream = connection.makefile("rb")

        def send(line):
            with self.lock:
                self.transcript.append(("S", line))
            connection.sendall((line + "\r\n").encode())

        try:
            send("220 sink.test ESMTP")
            while True:
                raw = stream.readline(4096)
                if not raw:
                    return
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                with self.lock:
                    self.transcript.append(("C", line if not line.upper().startswith("AUTH") else "AUTH ***"))
                verb = line.split(" ", 1)[0].upper()
                argument = line[len(verb):].strip()
                if verb in ("EHLO", "HELO"):
                    extensions = ["sink.test"]
                    if self.certificate and self.offer_starttls and not state["tls"]:
                        extensions.append("STARTTLS")
                    if self.login and state["tls"]:
                        extensions.append("AUTH PLAIN")
                    extensions.append("8BITMIME")
                    for extension in extensions[:-1]:
                        send("250-" + extension)
                    send("250 " + extensions[-1])
                    if self.inject_after_ehlo and not state["tls"]:
                        time.sleep(0.2)  # a separate segment, after the client has read the reply
                        connection.sendall(self.inject_after_ehlo)
                elif verb == "STARTTLS" and self.certificate and not state["tls"]:
                    if self.inject_after_starttls:
                        connection.sendall(b"220 go ahead\r\n" + self.inject_after_starttls)
                        return
                    send("220 go ahead")
                    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                    context.load_cert_chain(*self.certificate)
                    connection = context.wrap_socket(connection, server_side=True)
                    stream = connection.makefile("rb")
                    state.update(tls=True, user=None, **{"from": None, "to": []})
                elif verb == "AUTH":
                    if not state["tls"]:
                        send("538 encryption required")
                        continue
                    parts = argument.split(" ")
                    try:
                        _, user, password = base64.b64decode(parts[1]).decode().split("\0")
                    except (IndexError, ValueError):
                        send("501 malformed")
                        continue
                    if parts[0].upper() == "PLAIN" and self.login == (user, password):
                        state["user"] = user
                        send("235 accepted")
                    else:
                        send("535 bad login")
                elif verb == "MAIL":
                    if self.login and not state["user"]:
                        send("530 log in first")
                        continue
                    state["from"], state["to"] = argument.split(":", 1)[1].strip().strip("<>"), []
                    send("250 ok")
                elif verb == "RCPT":
                    address = argument.split(":", 1)[1].strip().strip("<>")
                    if address in self.refuse:
                        send("550 no such mailbox")
                    elif address in self.defer:
                        send("450 mailbox busy, try later")
                    else:
                        state["to"].append(address)
                        send("250 ok")
                elif verb == "DATA":
                    if not state["to"]:
                        send("503 no recipients")
                        continue
                    send("354 end with a dot")
                    lines = []
                    while True:
                        raw = stream.readline(65536)
                        if not raw:
                            return
                        if raw in (b".\r\n", b".\n"):
                            break
                        lines.append(raw[1:] if raw.startswith(b"..") else raw)
                    with self.lock:
                        self.messages.append({"from": state["from"], "to": list(state["to"]), "data": b"".join(lines),
                                              "tls": state["tls"], "user": state["user"]})
                    state["from"], state["to"] = None, []
                    send("250 queued")
                elif verb in ("RSET", "NOOP"):
                    state["from"], state["to"] = None, []
                    send("250 ok")
                elif verb == "QUIT":
                    send("221 bye")
                    return
                else:
                    send("502 not implemented")
        except (OSError, ssl.SSLError) as error:
            with self.lock:
                self.errors.append(repr(error))
            return
        finally:
            try:
                connection.close()
            except OSError:
                pass

    def to(self, address):
        with self.lock:
            return [m for m in self.messages if address in m["to"]]
