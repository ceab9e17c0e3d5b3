"""A minimal RFC 6455 WebSocket client for the end-to-end tests (standard library only).

    ws = WebSocket.connect("http://127.0.0.1:3000", "/ws?token=...")
    ws.send_json({"event": "join_video", "data": {"videoId": vid}})
    frame = ws.recv_json(timeout=10)          # {"event": ..., "data": ...}

A refused upgrade raises HandshakeRejected with the HTTP status and the parsed JSON body. Client
frames are masked, server pings are answered, fragmented messages are reassembled; a close frame
from the server raises ConnectionClosed(code, reason) from recv*.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import struct
import time
import urllib.parse
from typing import Any

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class HandshakeRejected(Exception):
    """The server answered the upgrade request with something other than 101."""

    def __init__(self, status: int, headers: dict, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body
        try:
            self.json = json.loads(body.decode("utf-8")) if body else None
        except ValueError:
            self.json = None
        super().__init__(f"upgrade refused: HTTP {status} {body[:300]!r}")


class ConnectionClosed(Exception):
    """The server sent a close frame (code, reason) or the connection ended (code None)."""

    def __init__(self, code: int | None, reason: str = ""):
        self.code = code
        self.reason = reason
        super().__init__(f"connection closed (code {code}, reason {reason!r})")


class WebSocket:
    def __init__(self, sock: socket.socket, leftover: bytes, response_headers: dict):
        self.sock = sock
        self.buffer = bytearray(leftover)
        self.response_headers = response_headers
        self.closed = False

    # --------------------------------------------------------------------------------------------
    # Opening

    @classmethod
    def connect(
        cls,
        base_url: str,
        path: str = "/ws",
        *,
        headers: dict | None = None,
        timeout: float = 10.0,
        rcvbuf: int | None = None,
    ) -> "WebSocket":
        """Opens a connection and performs the handshake (raises HandshakeRejected on refusal)."""
        url = urllib.parse.urlsplit(base_url)
        host, port = url.hostname or "127.0.0.1", url.port or 80
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf is not None:
            # Before connect(), so the advertised window stays small (a client that reads slowly).
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.settimeout(timeout)
        sock.connect((host, port))
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {host}:{port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
        ]
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())

        data = bytearray()
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in data:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = sock.recv(65536)
            if not chunk:
                sock.close()
                raise ConnectionClosed(None, "connection ended during the handshake")
            data += chunk
        head, _, rest = bytes(data).partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        response_headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            response_headers[name.strip().lower()] = value.strip()
        if status != 101:
            length = int(response_headers.get("content-length", "0") or 0)
            body = bytearray(rest)
            while len(body) < length:
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                chunk = sock.recv(65536)
                if not chunk:
                    break
                body += chunk
            sock.close()
            raise HandshakeRejected(status, response_headers, bytes(body[:length]))
        expected = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
        if response_headers.get("sec-websocket-accept") != expected:
            sock.close()
            raise AssertionError(f"bad Sec-WebSocket-Accept: {response_headers}")
        return cls(sock, rest, response_headers)

    # --------------------------------------------------------------------------------------------
    # Sending (client frames are always masked)

    def send_frame(self, opcode: int, payload: bytes, fin: bool = True) -> None:
        header = bytearray([(0x80 if fin else 0) | opcode])
        n = len(payload)
        if n < 126:
            header.append(0x80 | n)
        elif n < 65536:
            header.append(0x80 | 126)
            header += struct.pack("!H", n)
        else:
            header.append(0x80 | 127)
            header += struct.pack("!Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(bytes(header) + mask + masked)

    def send_text(self, text: str) -> None:
        self.send_frame(OP_TEXT, text.encode("utf-8"))

    def send_json(self, value: Any) -> None:
        self.send_text(json.dumps(value))

    def close(self, code: int = 1000, reason: str = "") -> None:
        """Sends a close frame (if still open) and closes the socket."""
        if not self.closed:
            try:
                self.send_frame(OP_CLOSE, struct.pack("!H", code) + reason.encode())
            except OSError:
                pass
        self.closed = True
        try:
            self.sock.close()
        except OSError:
            pass

    # --------------------------------------------------------------------------------------------
    # Receiving

    def _read_exact(self, n: int, deadline: float) -> bytes:
        while len(self.buffer) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no WebSocket frame in time")
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout as exc:
                raise TimeoutError("no WebSocket frame in time") from exc
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                self.closed = True
                raise ConnectionClosed(None, "connection ended without a close frame")
            self.buffer += chunk
        out = bytes(self.buffer[:n])
        del self.buffer[:n]
        return out

    def _read_frame(self, deadline: float):
        b0, b1 = self._read_exact(2, deadline)
        fin, opcode = bool(b0 & 0x80), b0 & 0x0F
        if b1 & 0x80:
            raise AssertionError("the server masked a frame (RFC 6455 5.1 forbids it)")
        n = b1 & 0x7F
        if n == 126:
            (n,) = struct.unpack("!H", self._read_exact(2, deadline))
        elif n == 127:
            (n,) = struct.unpack("!Q", self._read_exact(8, deadline))
        return fin, opcode, self._read_exact(n, deadline)

    def recv(self, timeout: float = 10.0) -> tuple[int, bytes]:
        """The next data message (opcode, payload). Answers pings; raises ConnectionClosed on close,
        TimeoutError when nothing arrives within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        message, message_opcode = bytearray(), None
        while True:
            fin, opcode, payload = self._read_frame(deadline)
            if opcode == OP_PING:
                self.send_frame(OP_PONG, payload)
                continue
            if opcode == OP_PONG:
                continue
            if opcode == OP_CLOSE:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                reason = payload[2:].decode("utf-8", errors="replace")
                if not self.closed:
                    try:
                        self.send_frame(OP_CLOSE, payload[:2])
                    except OSError:
                        pass
                self.closed = True
                raise ConnectionClosed(code, reason)
            if opcode != OP_CONT:
                message_opcode = opcode
            message += payload
            if fin:
                return message_opcode, bytes(message)

    def recv_json(self, timeout: float = 10.0) -> Any:
        opcode, payload = self.recv(timeout)
        if opcode != OP_TEXT:
            raise AssertionError(f"expected a text frame, got opcode {opcode}")
        return json.loads(payload.decode("utf-8"))

    def wait_for(self, predicate, timeout: float = 15.0, desc: str = "a frame") -> tuple[dict, list]:
        """Reads frames until predicate(frame) holds; returns (that frame, the frames read before it)."""
        deadline = time.monotonic() + timeout
        skipped = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out after {timeout}s waiting for {desc}; got instead: {skipped[-10:]}")
            try:
                frame = self.recv_json(remaining)
            except TimeoutError:
                continue
            if predicate(frame):
                return frame, skipped
            skipped.append(frame)

    def __enter__(self) -> "WebSocket":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
