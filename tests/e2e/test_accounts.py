"""End-to-end: session tokens (cookies, refresh rotation with reuse detection, logout) and user
profiles (public view, owner-only update, search)."""

import os
import sys
import threading
import unittest
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import cookie_attrs, login, refresh, register_user, request  # noqa: E402

REUSE_MESSAGE = "Refresh token reuse detected; please log in again"
PUBLIC_USER_FIELDS = {"id", "username", "fullName", "avatar", "bio", "createdAt", "followersCount", "followingCount"}


class Base(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)

    def assert_error(self, resp, status, message=None):
        """resp is the JSON error envelope with this status (and exactly this message if given)."""
        self.assertEqual(resp.status, status, resp.describe())
        body = resp.json
        self.assertIsInstance(body, dict, resp.describe())
        self.assertEqual(body.get("statusCode"), status, resp.describe())
        for key in ("timestamp", "path", "method", "message"):
            self.assertIn(key, body, resp.describe())
        self.assertNotEqual(body.get("success"), True, resp.describe())
        if message is not None:
            self.assertEqual(body["message"], message, resp.describe())

    def assert_ok(self, resp, status=200):
        self.assertEqual(resp.status, status, resp.describe())
        self.assertIs(resp.json.get("success"), True, resp.describe())
        self.assertTrue(resp.json.get("timestamp"), resp.describe())
        return resp.data

    def me(self, access_token):
        return request("GET", "/api/auth/me", token=access_token)


# ================================================================================================
# Tokens
# ================================================================================================


class TokenTest(Base):
    def assert_session_cookies(self, resp, tokens):
        """Both cookies are set, hold the returned tokens and carry the documented attributes."""
        for name, path, value in (
            ("access_token", "/", tokens["accessToken"]),
            ("refresh_token", "/api/auth", tokens["refreshToken"]),
        ):
            self.assertIn(name, resp.cookies, f"no {name} cookie: {resp.headers.get_all('Set-Cookie')}")
            cookie = resp.cookies[name]
            self.assertEqual(cookie["value"], value, cookie["raw"])
            attrs = cookie_attrs(cookie["raw"])
            self.assertEqual(attrs.get("path"), path, cookie["raw"])
            self.assertIn("httponly", attrs, cookie["raw"])
            self.assertEqual(str(attrs.get("samesite", "")).lower(), "lax", cookie["raw"])

    def test_register_and_login_set_session_cookies(self):
        u = register_user("ck")
        reg = u["response"]
        self.assertLessEqual({"user", "accessToken", "refreshToken"}, set(reg.data))
        self.assertNotIn("password", reg.data["user"])
        self.assert_session_cookies(reg, reg.data)

        resp = login(u["username"])
        data = self.assert_ok(resp)
        self.assertEqual(data["user"]["id"], u["id"])
        self.assertTrue(data["accessToken"] and data["refreshToken"])
        self.assertNotEqual(data["refreshToken"], u["refreshToken"])
        self.assert_session_cookies(resp, data)

    def test_refresh_by_body_and_by_cookie_rotates(self):
        u = register_user("rf")

        # --- by JSON body
        resp = refresh(u["refreshToken"])
        data = self.assert_ok(resp)
        self.assertEqual(resp.json.get("message"), "Token refreshed successfully", resp.describe())
        self.assertEqual(data["user"]["id"], u["id"])
        self.assertNotIn("password", data["user"])
        self.assertNotEqual(data["refreshToken"], u["refreshToken"])
        self.assert_session_cookies(resp, data)
        me = self.me(data["accessToken"])
        self.assertEqual(me.status, 200, me.describe())
        self.assertEqual(me.data["id"], u["id"])

        # --- by cookie (the new token), no body
        resp2 = refresh(cookie=data["refreshToken"])
        data2 = self.assert_ok(resp2)
        self.assertEqual(resp2.json.get("message"), "Token refreshed successfully")
        self.assertEqual(data2["user"]["id"], u["id"])
        self.assertNotIn(data2["refreshToken"], (u["refreshToken"], data["refreshToken"]))
        self.assert_session_cookies(resp2, data2)
        me = self.me(data2["accessToken"])
        self.assertEqual(me.status, 200, me.describe())
        self.assertEqual(me.data["id"], u["id"])

        # a cookie with an empty JSON body (what browsers' fetch often sends) works as well
        resp3 = request("POST", "/api/auth/refresh", {}, headers={"Cookie": f"refresh_token={data2['refreshToken']}"})
        data3 = self.assert_ok(resp3)
        self.assertEqual(data3["user"]["id"], u["id"])

        # and the newest one still refreshes
        self.assert_ok(refresh(data3["refreshToken"]))

    def test_refresh_token_reuse_revokes_the_family_only(self):
        u = register_user("ru")
        rt0 = u["refreshToken"]
        # a second, independent session (another family)
        other = login(u["email"])
        self.assertEqual(other.status, 200, other.describe())
        other_rt = other.data["refreshToken"]

        resp = refresh(rt0)
        rt1 = self.assert_ok(resp)["refreshToken"]

        # presenting the spent token again: reuse detected
        self.assert_error(refresh(rt0), 401, REUSE_MESSAGE)
        # ... the whole family is revoked: the newer token of that family fails too
        self.assert_error(refresh(rt1), 401)
        self.assert_error(refresh(cookie=rt1), 401)

        # the other login's family keeps working (and rotates normally)
        resp = refresh(other_rt)
        other_rt2 = self.assert_ok(resp)["refreshToken"]
        self.assert_ok(refresh(cookie=other_rt2))

    def test_reuse_via_cookie_is_detected_too(self):
        u = register_user("rc")
        rt0 = u["refreshToken"]
        rt1 = self.assert_ok(refresh(cookie=rt0))["refreshToken"]
        self.assert_error(refresh(cookie=rt0), 401, REUSE_MESSAGE)
        self.assert_error(refresh(rt1), 401)

    def test_concurrent_refresh_spends_the_token_once(self):
        u = register_user("rx")
        barrier = threading.Barrier(8)

        def go(_):
            barrier.wait()
            return refresh(u["refreshToken"])

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(go, range(8)))
        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses, [200] + [401] * 7, [r.describe()[:160] for r in results])
        for r in results:
            if r.status == 401:
                self.assert_error(r, 401)
        # the token is spent (and its family revoked by the reuse)
        self.assert_error(refresh(u["refreshToken"]), 401)

    def test_refresh_rejects_missing_wrong_and_garbage_tokens(self):
        u = register_user("rb")
        self.assert_error(refresh(), 401, "No refresh token provided")
        # an empty JSON object is rejected too (the validator answers 400 before the 401 check)
        resp = request("POST", "/api/auth/refresh", {})
        self.assertIn(resp.status, (400, 401), resp.describe())
        self.assert_error(resp, resp.status)
        # an access token is not a refresh token
        self.assert_error(refresh(u["token"]), 401)
        self.assert_error(refresh(cookie=u["token"]), 401)
        # garbage
        for bad in ("garbage", "a.b.c", u["refreshToken"][:-4] + "AAAA", "x" * 300):
            with self.subTest(token=bad[:20]):
                self.assert_error(refresh(bad), 401)
                self.assert_error(refresh(cookie=bad), 401)
        # none of that spent the real refresh token
        self.assert_ok(refresh(u["refreshToken"]))

    def test_refresh_token_is_not_an_access_token(self):
        u = register_user("ra")
        self.assert_error(self.me(u["refreshToken"]), 401)
        self.assert_error(request("GET", "/api/auth/me", headers={"Cookie": f"access_token={u['refreshToken']}"}), 401)

    # ---------------------------------------------------------------------------------------------

    def logout(self, access_token=None, refresh_cookie=None):
        headers = {"Cookie": f"refresh_token={refresh_cookie}"} if refresh_cookie else None
        return request("POST", "/api/auth/logout", token=access_token, headers=headers)

    def assert_cleared_cookies(self, resp):
        for name, path in (("access_token", "/"), ("refresh_token", "/api/auth")):
            self.assertIn(name, resp.cookies, f"{name} not cleared: {resp.headers.get_all('Set-Cookie')}")
            raw = resp.cookies[name]["raw"]
            attrs = cookie_attrs(raw)
            self.assertEqual(attrs.get("max-age"), "0", raw)
            # a cookie is only cleared by a Set-Cookie with the same Path
            self.assertEqual(attrs.get("path"), path, raw)

    def test_logout_with_refresh_cookie_revokes_that_token(self):
        u = register_user("lo")
        other = login(u["username"])
        self.assertEqual(other.status, 200, other.describe())

        resp = self.logout(u["token"], u["refreshToken"])
        self.assert_ok(resp)
        self.assertEqual(resp.json.get("message"), "Logged out successfully", resp.describe())
        self.assert_cleared_cookies(resp)

        self.assert_error(refresh(u["refreshToken"]), 401)
        self.assert_error(refresh(cookie=u["refreshToken"]), 401)
        # only the presented session is ended: the other login still refreshes
        self.assert_ok(refresh(other.data["refreshToken"]))

    def test_logout_without_refresh_cookie_revokes_all_sessions(self):
        u = register_user("la")
        sessions = [login(u["username"]), login(u["email"])]
        for s in sessions:
            self.assertEqual(s.status, 200, s.describe())
        rotated = self.assert_ok(refresh(sessions[1].data["refreshToken"]))["refreshToken"]

        resp = self.logout(u["token"])
        self.assert_ok(resp)
        self.assertEqual(resp.json.get("message"), "Logged out successfully", resp.describe())
        self.assert_cleared_cookies(resp)

        for rt in (u["refreshToken"], sessions[0].data["refreshToken"], rotated):
            self.assert_error(refresh(rt), 401)

        # logging in again starts a working session
        fresh = login(u["username"])
        self.assertEqual(fresh.status, 200, fresh.describe())
        self.assert_ok(refresh(fresh.data["refreshToken"]))

    def test_logout_requires_access_token(self):
        u = register_user("ln")
        self.assert_error(self.logout(None, u["refreshToken"]), 401)
        self.assert_error(self.logout("not-a-token", u["refreshToken"]), 401)
        # nothing was revoked
        self.assert_ok(refresh(u["refreshToken"]))


# ================================================================================================
# Profiles
# ================================================================================================


class ProfileTest(Base):
    def get_user(self, user_id, token=None):
        return request("GET", f"/api/users/{user_id}", token=token)

    def put_user(self, user_id, body, token=None, raw_body=None):
        return request("PUT", f"/api/users/{user_id}", body, token=token, raw_body=raw_body)

    def test_public_profile_shows_email_only_to_owner(self):
        a = register_user("pa", full_name="Profile Person")
        b = register_user("pb")

        for who, token in (("anonymous", None), ("other user", b["token"])):
            with self.subTest(caller=who):
                data = self.assert_ok(self.get_user(a["id"], token))
                self.assertEqual(set(data), PUBLIC_USER_FIELDS, data)
                self.assertNotIn("email", data)
                self.assertEqual(data["id"], a["id"])
                self.assertEqual(data["username"], a["username"])
                self.assertEqual(data["fullName"], "Profile Person")
                self.assertEqual((data["followersCount"], data["followingCount"]), (0, 0))
                self.assertTrue(data["createdAt"])

        data = self.assert_ok(self.get_user(a["id"], a["token"]))
        self.assertEqual(set(data), PUBLIC_USER_FIELDS | {"email"}, data)
        self.assertEqual(data["email"], a["email"])
        for secret in ("password", "passwordHash", "password_hash"):
            self.assertNotIn(secret, data)

    def test_unknown_or_malformed_user_id_is_404(self):
        for bad in (str(uuid.uuid4()), "nope", "123", "00000000-0000-0000-0000-00000000000g", "%27%20OR%201%3D1"):
            with self.subTest(id=bad):
                self.assert_error(self.get_user(bad), 404)

    def test_owner_updates_profile(self):
        a = register_user("up", full_name="Before")
        data = self.assert_ok(
            self.put_user(a["id"], {"fullName": "After Name", "bio": "Hello there", "avatar": "https://img.example.com/a.png"}, a["token"])
        )
        self.assertEqual(data["id"], a["id"])
        self.assertEqual(data["fullName"], "After Name")
        self.assertEqual(data["bio"], "Hello there")
        self.assertEqual(data["avatar"], "https://img.example.com/a.png")
        pub = self.assert_ok(self.get_user(a["id"]))
        self.assertEqual((pub["fullName"], pub["bio"], pub["avatar"]), ("After Name", "Hello there", "https://img.example.com/a.png"))

        # partial update leaves other fields alone; relative and http avatars are accepted
        data = self.assert_ok(self.put_user(a["id"], {"avatar": "/avatars/me.png"}, a["token"]))
        self.assertEqual((data["fullName"], data["bio"], data["avatar"]), ("After Name", "Hello there", "/avatars/me.png"))
        data = self.assert_ok(self.put_user(a["id"], {"avatar": "http://img.example.com/b.png"}, a["token"]))
        self.assertEqual(data["avatar"], "http://img.example.com/b.png")

        # limits are inclusive: 100 / 500 characters are fine
        data = self.assert_ok(self.put_user(a["id"], {"fullName": "F" * 100, "bio": "b" * 500}, a["token"]))
        self.assertEqual((data["fullName"], data["bio"]), ("F" * 100, "b" * 500))

        # "" clears
        data = self.assert_ok(self.put_user(a["id"], {"fullName": "", "bio": "", "avatar": ""}, a["token"]))
        for key in ("fullName", "bio", "avatar"):
            self.assertIn(data[key], (None, ""), data)
        pub = self.assert_ok(self.get_user(a["id"]))
        for key in ("fullName", "bio", "avatar"):
            self.assertIn(pub[key], (None, ""), pub)

        # an empty body changes nothing
        self.assert_ok(self.put_user(a["id"], {"bio": "kept"}, a["token"]))
        data = self.assert_ok(self.put_user(a["id"], {}, a["token"]))
        self.assertEqual(data["bio"], "kept")

    def test_update_validation(self):
        a = register_user("uv", full_name="Valid Name")
        self.assert_ok(self.put_user(a["id"], {"bio": "original", "avatar": "/a.png"}, a["token"]))
        cases = [
            {"unknownField": "x"},
            {"fullName": "ok", "email": "new@e2e.example.com"},
            {"username": "renamed"},
            {"fullName": "F" * 101},
            {"bio": "b" * 501},
            {"avatar": "ftp://img.example.com/a.png"},
            {"avatar": "javascript:alert(1)"},
            {"avatar": "img.png"},
            {"avatar": "data:image/png;base64,AAAA"},
            {"fullName": 42},
            {"bio": ["x"]},
            {"avatar": {"url": "/a.png"}},
        ]
        for body in cases:
            with self.subTest(body=str(body)[:60]):
                self.assert_error(self.put_user(a["id"], body, a["token"]), 400)
        self.assert_error(self.put_user(a["id"], None, a["token"], raw_body="[1,2]"), 400)
        self.assert_error(self.put_user(a["id"], None, a["token"], raw_body="{bad json"), 400)
        # nothing was changed by the rejected requests
        pub = self.assert_ok(self.get_user(a["id"], a["token"]))
        self.assertEqual((pub["fullName"], pub["bio"], pub["avatar"]), ("Valid Name", "original", "/a.png"))
        self.assertEqual((pub["username"], pub["email"]), (a["username"], a["email"]))

    def test_length_limits_count_characters_not_bytes(self):
        """fullName <= 100 and bio <= 500 *characters*; non-ASCII text must not be measured in bytes."""
        a = register_user("ul")
        full_name, bio = "é" * 100, "😀" * 500  # 200 and 2000 UTF-8 bytes
        data = self.assert_ok(self.put_user(a["id"], {"fullName": full_name}, a["token"]))
        self.assertEqual(data["fullName"], full_name)
        data = self.assert_ok(self.put_user(a["id"], {"bio": bio}, a["token"]))
        self.assertEqual(data["bio"], bio)
        pub = self.assert_ok(self.get_user(a["id"]))
        self.assertEqual((pub["fullName"], pub["bio"]), (full_name, bio))
        # one more character is too long
        self.assert_error(self.put_user(a["id"], {"fullName": "é" * 101}, a["token"]), 400)
        self.assert_error(self.put_user(a["id"], {"bio": "😀" * 501}, a["token"]), 400)

    def test_update_needs_owner(self):
        a = register_user("ua", full_name="Owner")
        b = register_user("ub")
        self.assert_error(self.put_user(a["id"], {"bio": "hacked"}), 401)
        self.assert_error(self.put_user(a["id"], {"bio": "hacked"}, "garbage"), 401)
        self.assert_error(self.put_user(a["id"], {"bio": "hacked"}, b["token"]), 403)
        pub = self.assert_ok(self.get_user(a["id"]))
        self.assertIsNone(pub["bio"])
        self.assertEqual(pub["fullName"], "Owner")


class SearchTest(Base):
    def search(self, q, token=None, **params):
        qs = urllib.parse.urlencode({"q": q, **params})
        return request("GET", f"/api/users/search?{qs}", token=token)

    def ids(self, data):
        return [u["id"] for u in data["users"]]

    @classmethod
    def setUpClass(cls):
        support.wait_ready(60)
        # a tag nobody else has: every hit for it is one of ours
        cls.tag = "q" + uuid.uuid4().hex[:9]
        tag = cls.tag
        # prefix match on the username
        username = tag + "a1"
        body = {"email": f"{username}@e2e.example.com", "username": username, "password": support.PASSWORD, "fullName": "Plain Person"}
        resp = request("POST", "/api/auth/register", body)
        if resp.status != 201:
            raise AssertionError(resp.describe())
        cls.u_prefix = {"id": resp.data["user"]["id"], "token": resp.data["accessToken"], "username": username}
        # substring (not prefix) match on the full name, upper case
        cls.u_sub = register_user("s", full_name=f"The {tag.upper()} Star")
        # prefix match on the full name, which contains a real '%'
        cls.u_pct = register_user("w")
        resp = request("PUT", f"/api/users/{cls.u_pct['id']}", {"fullName": f"{tag}%Percent"}, token=cls.u_pct["token"])
        if resp.status != 200:
            raise AssertionError(resp.describe())

    def test_case_insensitive_substring_prefix_first(self):
        for q in (self.tag, self.tag.upper(), f"  {self.tag}  "):
            with self.subTest(q=q):
                data = self.assert_ok(self.search(q))
                ids = self.ids(data)
                self.assertEqual(sorted(ids), sorted([self.u_prefix["id"], self.u_sub["id"], self.u_pct["id"]]), data)
                self.assertEqual(data["total"], 3)
                self.assertFalse(data["hasMore"])
                self.assertEqual((data["page"], data["limit"]), (1, 20))
                # both prefix matches come before the substring-only match
                self.assertEqual(ids[-1], self.u_sub["id"], data)
                for user in data["users"]:
                    self.assertNotIn("email", user)
                    self.assertIn("username", user)
        # the whole-username query finds exactly that user, even with the owner's own token no email
        data = self.assert_ok(self.search(self.u_prefix["username"].upper(), token=self.u_prefix["token"]))
        self.assertEqual(self.ids(data), [self.u_prefix["id"]])
        self.assertNotIn("email", data["users"][0])
        # full-name substring across words, case-insensitive
        data = self.assert_ok(self.search(f"the {self.tag} st"))
        self.assertEqual(self.ids(data), [self.u_sub["id"]])

    def test_case_insensitive_for_non_ascii_names(self):
        tag = uuid.uuid4().hex[:8]
        u = register_user("ne", full_name=f"Émile Ångström {tag}")
        for q in (f"Émile Ångström {tag}", f"émile ångström {tag}", f"ÉMILE ÅNGSTRÖM {tag}", f"Ström {tag}", f"ström {tag}"):
            with self.subTest(q=q):
                data = self.assert_ok(self.search(q))
                self.assertEqual(self.ids(data), [u["id"]], f"q={q!r}: {data}")

    def test_pagination(self):
        seen = []
        for page in (1, 2, 3):
            data = self.assert_ok(self.search(self.tag, page=page, limit=1))
            self.assertEqual((data["page"], data["limit"], data["total"]), (page, 1, 3), data)
            self.assertEqual(len(data["users"]), 1, data)
            self.assertEqual(data["hasMore"], page < 3, data)
            seen += self.ids(data)
        self.assertEqual(sorted(seen), sorted([self.u_prefix["id"], self.u_sub["id"], self.u_pct["id"]]))
        data = self.assert_ok(self.search(self.tag, page=4, limit=1))
        self.assertEqual(data["users"], [])
        self.assertFalse(data["hasMore"])
        self.assert_ok(self.search(self.tag, limit=50))

    def test_like_wildcards_are_literal(self):
        data = self.assert_ok(self.search(self.tag + "%"))
        self.assertEqual(self.ids(data), [self.u_pct["id"]], data)
        data = self.assert_ok(self.search(self.tag + "_"))
        self.assertEqual(data["users"], [], data)
        self.assertEqual(data["total"], 0)
        data = self.assert_ok(self.search(self.tag[:4] + "%" + self.tag[5:]))
        self.assertEqual(data["users"], [], data)
        data = self.assert_ok(self.search(self.tag[:4] + "_" + self.tag[5:]))
        self.assertEqual(data["users"], [], data)
        data = self.assert_ok(self.search("%Percent"))
        self.assertIn(self.u_pct["id"], self.ids(data))
        self.assertNotIn(self.u_prefix["id"], self.ids(data))
        data = self.assert_ok(self.search("\\" + self.tag))
        self.assertEqual(data["users"], [], data)

    def test_short_queries_return_nothing(self):
        for q in ("", " ", "q", "  q  ", "%", "_"):
            with self.subTest(q=q):
                data = self.assert_ok(self.search(q))
                self.assertEqual(data["users"], [], data)
                self.assertFalse(data["hasMore"])
        data = self.assert_ok(request("GET", "/api/users/search"))
        self.assertEqual(data["users"], [], data)

    def test_bad_paging_is_400(self):
        for params in ({"limit": 51}, {"limit": 1000}, {"page": 0}, {"page": -1}):
            with self.subTest(params=params):
                self.assert_error(self.search(self.tag, **params), 400)


if __name__ == "__main__":
    unittest.main()
