"""End-to-end: bad input never crashes anything; every error is a JSON error with the right status."""

import base64
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
import unittest
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import PASSWORD, register_user, request  # noqa: E402


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def forge_jwt(payload: dict, secret: str, alg: str = "HS256") -> str:
    header = _b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    body = _b64(json.dumps(payload).encode())
    if alg == "none":
        return f"{header}.{body}."
    sig = hmac.new(secret.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(sig)}"


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        support.wait_ready(60)
        cls.user = register_user("bad")
        cls.token = cls.user["token"]
        cls.video = support.create_video(cls.token, "bad input target")

    # ---------------------------------------------------------------------------------------------

    def assert_error(self, resp, status, message_contains=None):
        """The response is the JSON error envelope with the given status."""
        self.assertNotEqual(resp.status, 500, resp.describe())
        self.assertEqual(resp.status, status, resp.describe())
        body = resp.json
        self.assertIsInstance(body, dict, f"error body is not a JSON object: {resp.describe()}")
        self.assertEqual(body.get("statusCode"), resp.status, resp.describe())
        self.assertIsInstance(body.get("message"), str, resp.describe())
        self.assertTrue(body["message"].strip(), resp.describe())
        self.assertTrue(body.get("timestamp"), resp.describe())
        self.assertIn("path", body, resp.describe())
        self.assertIn("method", body, resp.describe())
        self.assertNotEqual(body.get("success"), True, resp.describe())
        content_type = resp.headers.get("Content-Type", "")
        self.assertIn("application/json", content_type, resp.describe())
        if message_contains is not None:
            self.assertIn(message_contains.lower(), body["message"].lower(), resp.describe())

    def check_cases(self, cases):
        """cases: (label, method, path, kwargs, expected_status[, message_substring])."""
        for case in cases:
            label, method, path, kwargs, status = case[:5]
            message = case[5] if len(case) > 5 else None
            with self.subTest(label):
                resp = request(method, path, **kwargs)
                self.assert_error(resp, status, message)
                if "path" in resp.json:
                    self.assertEqual(resp.json["path"], path.split("?")[0], resp.describe())
                self.assertEqual(resp.json.get("method"), method, resp.describe())

    def reg_body(self, **overrides):
        name = support.unique_name("r")
        body = {"email": f"{name.lower()}@e2e.example.com", "username": name, "password": PASSWORD}
        for key, value in overrides.items():
            if value is ...:
                body.pop(key, None)
            else:
                body[key] = value
        return body

    # ---------------------------------------------------------------------------------------------

    def test_malformed_json(self):
        auth = {"token": self.token}
        bodies = ["{bad", '{"title": "x",}', "{'a': 1}", '{"a":', "\x00\x01", "nul"]
        endpoints = [
            ("/api/auth/register", {}),
            ("/api/auth/login", {}),
            ("/api/videos", auth),
            ("/api/interactions/like", auth),
            ("/api/interactions/unlike", auth),
        ]
        cases = []
        for path, extra in endpoints:
            for raw in bodies:
                cases.append((f"{path} {raw!r}", "POST", path, dict(extra, raw_body=raw), 400))
        self.check_cases(cases)

    def test_body_not_an_object(self):
        cases = []
        for raw in ["[]", "null", "42", '"str"', "true", ""]:
            cases.append((f"register {raw!r}", "POST", "/api/auth/register", {"raw_body": raw}, 400))
            cases.append(
                (f"like {raw!r}", "POST", "/api/interactions/like", {"raw_body": raw, "token": self.token}, 400)
            )
        self.check_cases(cases)

    def test_missing_and_mistyped_fields(self):
        t = {"token": self.token}
        url = "https://cdn.example.com/v.mp4"
        cases = [
            ("register no email", "POST", "/api/auth/register", {"body": self.reg_body(email=...)}, 400),
            ("register no username", "POST", "/api/auth/register", {"body": self.reg_body(username=...)}, 400),
            ("register no password", "POST", "/api/auth/register", {"body": self.reg_body(password=...)}, 400),
            ("register empty object", "POST", "/api/auth/register", {"body": {}}, 400),
            ("register email number", "POST", "/api/auth/register", {"body": self.reg_body(email=123)}, 400),
            ("register username list", "POST", "/api/auth/register", {"body": self.reg_body(username=["x"])}, 400),
            ("register password null", "POST", "/api/auth/register", {"body": self.reg_body(password=None)}, 400),
            ("register fullName number", "POST", "/api/auth/register", {"body": self.reg_body(fullName=5)}, 400),
            ("register bad email", "POST", "/api/auth/register", {"body": self.reg_body(email="not-an-email")}, 400),
            ("register username short", "POST", "/api/auth/register", {"body": self.reg_body(username="ab")}, 400),
            ("register username space", "POST", "/api/auth/register", {"body": self.reg_body(username="a b c")}, 400),
            ("register username dash", "POST", "/api/auth/register", {"body": self.reg_body(username="ab-cd")}, 400),
            ("register pw no upper", "POST", "/api/auth/register", {"body": self.reg_body(password="passw0rd!")}, 400),
            ("register pw no lower", "POST", "/api/auth/register", {"body": self.reg_body(password="PASSW0RD!")}, 400),
            ("register pw no digit", "POST", "/api/auth/register", {"body": self.reg_body(password="Password!")}, 400),
            ("register pw no special", "POST", "/api/auth/register", {"body": self.reg_body(password="Passw0rdd")}, 400),
            ("register pw bad special", "POST", "/api/auth/register", {"body": self.reg_body(password="Passw0rd#")}, 400),
            ("register pw short", "POST", "/api/auth/register", {"body": self.reg_body(password="Pa0!abc")}, 400),
            ("login no password", "POST", "/api/auth/login", {"body": {"username": "someone"}}, 400),
            ("login no username", "POST", "/api/auth/login", {"body": {"password": PASSWORD}}, 400),
            ("login password number", "POST", "/api/auth/login", {"body": {"username": "x", "password": 1}}, 400),
            ("video no title", "POST", "/api/videos", dict(t, body={"videoUrl": url}), 400),
            ("video empty title", "POST", "/api/videos", dict(t, body={"title": "", "videoUrl": url}), 400),
            ("video no videoUrl", "POST", "/api/videos", dict(t, body={"title": "x"}), 400),
            ("video title number", "POST", "/api/videos", dict(t, body={"title": 7, "videoUrl": url}), 400),
            (
                "video duration string",
                "POST",
                "/api/videos",
                dict(t, body={"title": "x", "videoUrl": url, "duration": "12"}),
                400,
            ),
            (
                "video duration float",
                "POST",
                "/api/videos",
                dict(t, body={"title": "x", "videoUrl": url, "duration": 1.5}),
                400,
            ),
            (
                "video duration negative",
                "POST",
                "/api/videos",
                dict(t, body={"title": "x", "videoUrl": url, "duration": -1}),
                400,
            ),
            ("like no videoId", "POST", "/api/interactions/like", dict(t, body={}), 400),
            ("like videoId number", "POST", "/api/interactions/like", dict(t, body={"videoId": 12}), 400),
            ("like videoId null", "POST", "/api/interactions/like", dict(t, body={"videoId": None}), 400),
            ("unlike no videoId", "POST", "/api/interactions/unlike", dict(t, body={}), 400),
        ]
        self.check_cases(cases)

    def test_unknown_fields(self):
        t = {"token": self.token}
        cases = [
            (
                "register",
                "POST",
                "/api/auth/register",
                {"body": self.reg_body(isAdmin=True)},
                400,
                "property isAdmin should not exist",
            ),
            (
                "login",
                "POST",
                "/api/auth/login",
                {"body": {"username": "x", "password": PASSWORD, "extra": 1}},
                400,
                "property extra should not exist",
            ),
            (
                "video",
                "POST",
                "/api/videos",
                dict(t, body={"title": "x", "videoUrl": "https://x/v.mp4", "likesCount": 99}),
                400,
                "property likesCount should not exist",
            ),
            (
                "like",
                "POST",
                "/api/interactions/like",
                dict(t, body={"videoId": self.video["id"], "foo": "x"}),
                400,
                "property foo should not exist",
            ),
        ]
        self.check_cases(cases)
        # the rejected like was not stored
        st = request("GET", f"/api/interactions/like-status/{self.video['id']}", token=self.token)
        self.assertEqual(st.status, 200, st.describe())
        self.assertFalse(st.data["hasLiked"])

    def test_client_supplied_user_id_is_ignored(self):
        """userId is accepted in video/like bodies (as the original did) but never trusted."""
        victim = register_user("vic")
        resp = request(
            "POST",
            "/api/videos",
            {"title": "spoof", "videoUrl": "https://x/v.mp4", "userId": victim["id"]},
            token=self.token,
        )
        self.assertEqual(resp.status, 201, resp.describe())
        self.assertEqual(resp.data["userId"], self.user["id"])
        video_id = resp.data["id"]

        resp = request("POST", "/api/interactions/like", {"videoId": video_id, "userId": victim["id"]},
                       token=self.token)
        self.assertIn(resp.status, (200, 201), resp.describe())
        mine = request("GET", f"/api/interactions/like-status/{video_id}", token=self.token)
        theirs = request("GET", f"/api/interactions/like-status/{video_id}", token=victim["token"])
        self.assertTrue(mine.data["hasLiked"], mine.describe())
        self.assertFalse(theirs.data["hasLiked"], theirs.describe())
        self.assertEqual(theirs.data["likesCount"], 1)

    def test_unknown_ids(self):
        t = {"token": self.token}
        unknown = str(uuid.uuid4())
        cases = [
            ("video unknown uuid", "GET", f"/api/videos/{unknown}", {}, 404),
            ("video unknown uuid auth", "GET", f"/api/videos/{unknown}", dict(t), 404),
            ("video malformed id", "GET", "/api/videos/nope", {}, 404),
            ("video malformed id 2", "GET", "/api/videos/123", {}, 404),
            ("video malformed id 3", "GET", "/api/videos/" + "9" * 300, {}, 404),
            ("like unknown video", "POST", "/api/interactions/like", dict(t, body={"videoId": unknown}), 404),
            ("like malformed id", "POST", "/api/interactions/like", dict(t, body={"videoId": "nope"}), 404),
            ("unlike unknown video", "POST", "/api/interactions/unlike", dict(t, body={"videoId": unknown}), 404),
            ("like-status malformed", "GET", "/api/interactions/like-status/nope", dict(t), 404),
        ]
        self.check_cases(cases)

    def test_unknown_routes(self):
        cases = [
            ("root-ish", "GET", "/nope", {}, 404),
            ("api", "GET", "/api/nope", {}, 404),
            ("wrong method", "DELETE", "/api/videos", {}, 404),
            ("GET on POST route", "GET", "/api/interactions/like", {}, 404),
            ("deep", "GET", "/api/auth/me/extra/x", {}, 404),
            ("POST unknown", "POST", "/api/unknown", {"body": {}}, 404),
        ]
        self.check_cases(cases)
        resp = request("GET", "/nope")
        self.assertIn("/nope", resp.json["message"])

    def test_duplicate_registration(self):
        u = register_user("dup")
        other = support.unique_name("o")
        cases = [
            (
                "same username",
                "POST",
                "/api/auth/register",
                {"body": self.reg_body(username=u["username"])},
                409,
            ),
            (
                "same username other case",
                "POST",
                "/api/auth/register",
                {"body": self.reg_body(username=u["username"].upper())},
                409,
            ),
            ("same email", "POST", "/api/auth/register", {"body": self.reg_body(email=u["email"])}, 409),
            (
                "same email other case",
                "POST",
                "/api/auth/register",
                {"body": self.reg_body(email=u["email"].upper(), username=other)},
                409,
            ),
        ]
        self.check_cases(cases)
        # the original account is untouched
        resp = request("POST", "/api/auth/login", {"username": u["username"], "password": PASSWORD})
        self.assertEqual(resp.status, 200, resp.describe())
        self.assertEqual(resp.data["user"]["id"], u["id"])

    def test_wrong_credentials(self):
        u = register_user("cred")
        cases = [
            (
                "wrong password",
                "POST",
                "/api/auth/login",
                {"body": {"username": u["username"], "password": "Wrong0rd!"}},
                401,
                "Invalid credentials",
            ),
            (
                "wrong password via email",
                "POST",
                "/api/auth/login",
                {"body": {"emailOrUsername": u["email"], "password": "Wrong0rd!"}},
                401,
                "Invalid credentials",
            ),
            (
                "unknown user",
                "POST",
                "/api/auth/login",
                {"body": {"username": support.unique_name("ghost"), "password": PASSWORD}},
                401,
                "Invalid credentials",
            ),
        ]
        self.check_cases(cases)
        for label, _, path, kwargs, *_ in cases:
            with self.subTest(label + " no cookie"):
                resp = request("POST", path, **kwargs)
                self.assertNotIn("access_token", resp.cookies, resp.describe())

    def test_repeated_failed_logins_lock_the_account(self):
        victim = register_user("lock")
        bystander = register_user("free")
        wrong_by_name = {"username": victim["username"], "password": "Wrong0rd!"}
        wrong_by_email = {"emailOrUsername": victim["email"].upper(), "password": "Wrong0rd!"}
        # AUTH_LOGIN_MAX_FAILURES defaults to 10; email and username count against one account
        for attempt in range(10):
            resp = request("POST", "/api/auth/login", wrong_by_name if attempt % 2 else wrong_by_email)
            self.assertEqual(resp.status, 401, f"attempt {attempt}: {resp.describe()}")
        locked = request("POST", "/api/auth/login", {"username": victim["username"], "password": PASSWORD})
        self.assertEqual(locked.status, 429, locked.describe())
        self.assertEqual(locked.json["statusCode"], 429)
        self.assertIn("try again in", locked.json["message"])
        self.assertNotIn("access_token", locked.cookies)
        # other accounts are not affected, and existing tokens keep working
        self.assertEqual(
            request("POST", "/api/auth/login", {"username": bystander["username"], "password": PASSWORD}).status, 200
        )
        self.assertEqual(request("GET", "/api/auth/me", token=victim["token"]).status, 200)

    def test_missing_and_bad_token(self):
        u = register_user("tok")
        now = int(time.time())
        claims = {"sub": u["id"], "username": u["username"], "email": u["email"], "type": "access",
                  "iat": now, "exp": now + 600}
        bad_tokens = {
            "garbage": "xyz",
            "three garbage parts": "a.b.c",
            "tampered signature": u["token"][:-4] + ("AAAA" if not u["token"].endswith("AAAA") else "BBBB"),
            "wrong secret": forge_jwt(claims, "not-the-secret"),
            "alg none": forge_jwt(claims, "", alg="none"),
            "refresh token as access": u["refreshToken"],
        }
        secret = os.environ.get("JWT_ACCESS_SECRET")
        if secret:
            bad_tokens["expired"] = forge_jwt(dict(claims, iat=now - 7200, exp=now - 3600), secret)
        protected = [
            ("GET", "/api/auth/me", None),
            ("POST", "/api/videos", {"title": "x", "videoUrl": "https://x/v.mp4"}),
            ("POST", "/api/interactions/like", {"videoId": self.video["id"]}),
            ("POST", "/api/interactions/unlike", {"videoId": self.video["id"]}),
            ("GET", f"/api/interactions/like-status/{self.video['id']}", None),
            ("GET", "/api/notifications", None),
        ]
        cases = []
        for method, path, body in protected:
            cases.append((f"{path} no token", method, path, {"body": body}, 401))
            cases.append((f"{path} empty bearer", method, path, {"body": body, "headers": {"Authorization": "Bearer "}}, 401))
            for name, tok in bad_tokens.items():
                cases.append((f"{path} {name}", method, path, {"body": body, "token": tok}, 401))
            cases.append(
                (f"{path} bad cookie", method, path, {"body": body, "headers": {"Cookie": "access_token=xyz"}}, 401)
            )
        self.check_cases(cases)
        resp = request("GET", "/api/auth/me")
        self.assertEqual(resp.json["message"], "No token provided")
        # nothing was created or liked through the rejected requests
        st = request("GET", f"/api/interactions/like-status/{self.video['id']}", token=u["token"])
        self.assertEqual(st.status, 200, st.describe())
        self.assertFalse(st.data["hasLiked"])
        self.assertEqual(st.data["likesCount"], 0)

    def test_bad_pagination(self):
        t = {"token": self.token}
        queries = ["page=0", "page=-1", "page=abc", "page=1.5", "limit=0", "limit=-5", "limit=abc",
                   "limit=101", "limit=1000000", "page=99999999999999999999", "limit=1e3"]
        cases = [(q, "GET", f"/api/notifications?{q}", dict(t), 400) for q in queries]
        self.check_cases(cases)
        resp = request("GET", "/api/notifications?page=2&limit=100", token=self.token)
        self.assertEqual(resp.status, 200, resp.describe())
        self.assertEqual((resp.data["page"], resp.data["limit"]), (2, 100))

    def test_very_long_strings(self):
        t = {"token": self.token}
        url = "https://cdn.example.com/v.mp4"
        cases = [
            ("username 21", "POST", "/api/auth/register", {"body": self.reg_body(username="a" * 21)}, 400),
            ("username 10k", "POST", "/api/auth/register", {"body": self.reg_body(username="a" * 10000)}, 400),
            ("password 51", "POST", "/api/auth/register", {"body": self.reg_body(password="Aa1!" + "a" * 47)}, 400),
            ("email 300", "POST", "/api/auth/register", {"body": self.reg_body(email="a" * 300 + "@x.io")}, 400),
            ("fullName 10k", "POST", "/api/auth/register", {"body": self.reg_body(fullName="F" * 10000)}, 400),
            ("login user 10k", "POST", "/api/auth/login", {"body": {"username": "u" * 10000, "password": PASSWORD}}, 400),
            ("login pw 10k", "POST", "/api/auth/login", {"body": {"username": "abc", "password": "P" * 10000}}, 400),
            ("title 10k", "POST", "/api/videos", dict(t, body={"title": "t" * 10000, "videoUrl": url}), 400),
            (
                "description 100k",
                "POST",
                "/api/videos",
                dict(t, body={"title": "t", "videoUrl": url, "description": "d" * 100000}),
                400,
            ),
            ("videoUrl 10k", "POST", "/api/videos", dict(t, body={"title": "t", "videoUrl": "u" * 10000}), 400),
            (
                "duration huge",
                "POST",
                "/api/videos",
                dict(t, body={"title": "t", "videoUrl": url, "duration": 10**20}),
                400,
            ),
            ("videoId 10k", "POST", "/api/interactions/like", dict(t, body={"videoId": "v" * 10000}), 400),
        ]
        for case in cases:
            with self.subTest(case[0]):
                resp = request(case[1], case[2], **case[3])
                self.assertNotEqual(resp.status, 500, resp.describe())
                # an over-long id is either rejected as invalid (400) or simply not found (404)
                if case[0] == "videoId 10k" and resp.status == 404:
                    self.assert_error(resp, 404)
                else:
                    self.assert_error(resp, case[4])

    def test_oversized_body(self):
        """A body over the gateway's limit (default 1 MiB) is refused with a JSON 413 (or 400)."""
        raw = json.dumps({"title": "x" * 3_000_000, "videoUrl": "https://x/v.mp4"}).encode()
        status, body = raw_http("POST", "/api/videos", raw, {"Authorization": f"Bearer {self.token}",
                                                                "Content-Type": "application/json"})
        self.assertIn(status, (400, 413), body)
        parsed = json.loads(body)
        self.assertEqual(parsed["statusCode"], status)
        self.assertTrue(parsed["message"])
        # the server is still fine afterwards
        self.assertEqual(request("GET", "/health").status, 200)


def raw_http(method, path, body, headers, timeout=30):
    """Minimal HTTP/1.1 exchange over a socket that still reads the response when the server answers
    (and closes) before the whole body was sent (urllib then fails with a broken pipe)."""
    parsed = urllib.parse.urlsplit(support.GATEWAY_URL)
    sock = socket.create_connection((parsed.hostname, parsed.port or 80), timeout=timeout)
    try:
        head = f"{method} {path} HTTP/1.1\r\nHost: {parsed.netloc}\r\nContent-Length: {len(body)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "Connection: close\r\n\r\n"
        try:
            sock.sendall(head.encode() + body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    finally:
        sock.close()
    header_blob, _, payload = data.partition(b"\r\n\r\n")
    if not header_blob:
        raise AssertionError("no HTTP response at all (connection closed without an answer)")
    status = int(header_blob.split(b" ", 2)[1])
    lines = header_blob.decode("latin-1").split("\r\n")[1:]
    hdrs = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    if "content-length" in hdrs:
        payload = payload[: int(hdrs["content-length"])]
    return status, payload.decode("utf-8", errors="replace")

class BadConfigurationTest(unittest.TestCase):
    """A process started with a bad variable exits at once, with one JSON error line that names the
    process and the variable (before its own log set-up has run)."""

    CASES = [
        ("api-gateway", "RATE_LIMIT_READ_PER_MIN", "0"),
        ("interaction-service", "GROUP_COMMIT_MAX_BATCH", "0"),
    ]

    def test_a_bad_variable_stops_the_start_with_a_clear_line(self):
        build_dir = Path(os.environ.get("TT_BUILD_DIR", support.REPO_ROOT / "build"))
        for binary, variable, bad in self.CASES:
            with self.subTest(binary=binary):
                env = dict(os.environ, **{variable: bad})
                proc = subprocess.run([str(build_dir / "bin" / binary)], env=env, capture_output=True, text=True,
                                      timeout=60, stdin=subprocess.DEVNULL)
                self.assertNotEqual(proc.returncode, 0, proc.stdout[-2000:])
                errors = []
                for line in proc.stdout.splitlines():
                    if line.startswith("{"):
                        entry = json.loads(line)
                        if entry.get("level") == "error":
                            errors.append(entry)
                self.assertEqual(len(errors), 1, proc.stdout[-2000:])
                self.assertEqual(errors[0]["service"], binary)
                self.assertIn(f"{variable}='{bad}'", errors[0]["error"])
                self.assertIn(".env.example", errors[0]["error"])


if __name__ == "__main__":
    unittest.main()
