"""End-to-end: videos. Creation (validation, hashtag and mention parsing), the single-video route,
and the lists (feed, user videos, search, hashtag, following feed) with their counts, isLiked,
page and cursor pagination. The database is shared and keeps growing, so every assertion is about
videos created by the test itself (unique random words, fresh users)."""

import os
import sys
import unittest
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import create_video, eventually, find_in_video_list, register_user, request, video_list  # noqa: E402

VIDEO_FIELDS = {
    "id", "userId", "title", "description", "videoUrl", "thumbnailUrl", "duration", "hashtags", "mentions",
    "status", "isPublic", "createdAt", "likesCount", "isLiked",
}
COUNT_FIELDS = {"likes", "likesCount", "comments", "commentsCount", "views", "isLiked"}
LIST_USER_FIELDS = {"id", "username", "fullName", "avatar"}
LIST_PATHS = ("/api/videos", "/api/videos/feed")


def word(prefix="w"):
    """A unique lower-case word (letters/digits only) to tag or search for."""
    return prefix + uuid.uuid4().hex[:12]


class VideoBase(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)

    def assert_error(self, resp, status, message=None):
        self.assertEqual(resp.status, status, resp.describe())
        body = resp.json
        self.assertIsInstance(body, dict, resp.describe())
        self.assertEqual(body.get("statusCode"), status, resp.describe())
        for key in ("timestamp", "path", "method", "message"):
            self.assertIn(key, body, resp.describe())
        if message is not None:
            self.assertEqual(body["message"], message, resp.describe())

    def ok(self, resp, status=200):
        self.assertEqual(resp.status, status, resp.describe())
        self.assertIs(resp.json.get("success"), True, resp.describe())
        return resp.data

    def post_video(self, user, body):
        return request("POST", "/api/videos", body, token=user["token"] if user else None)

    def listing(self, path, token=None, **params):
        data = self.ok(video_list(path, token, **params))
        self.assertEqual(set(data), {"videos", "total", "page", "limit", "hasMore", "nextCursor"}, data)
        return data

    def ids(self, path, token=None, **params):
        return [v["id"] for v in self.listing(path, token, **params)["videos"]]

    def walk(self, path, limit, token=None, on_page=None, max_pages=20):
        """Cursor walk: returns (ids in order, number of pages)."""
        walked, cursor, pages = [], None, 0
        while True:
            params = {"limit": limit} if cursor is None else {"limit": limit, "cursor": cursor}
            data = self.listing(path, token, **params)
            self.assertLessEqual(len(data["videos"]), limit, data)
            walked += [v["id"] for v in data["videos"]]
            pages += 1
            if on_page:
                on_page(pages)
            cursor = data["nextCursor"]
            self.assertEqual(data["hasMore"], cursor is not None, data)
            if cursor is None or pages >= max_pages:
                return walked, pages


class CreateVideoTest(VideoBase):
    def test_create_returns_full_video(self):
        u = register_user("vc")
        body = {
            "title": "My first clip",
            "videoUrl": "https://cdn.example.com/v/" + uuid.uuid4().hex + ".mp4",
            "description": "just a description",
            "thumbnailUrl": "https://cdn.example.com/t/thumb.jpg",
            "duration": 42,
        }
        v = self.ok(self.post_video(u, body), 201)
        self.assertTrue(VIDEO_FIELDS <= set(v), v)
        for key in ("title", "videoUrl", "description", "thumbnailUrl", "duration"):
            self.assertEqual(v[key], body[key], key)
        self.assertEqual(v["userId"], u["id"])
        self.assertEqual((v["status"], v["isPublic"], v["likesCount"], v["isLiked"]), ("ready", True, 0, False))
        self.assertEqual((v["hashtags"], v["mentions"]), ([], []))
        self.assertTrue(v["createdAt"])
        uuid.UUID(v["id"])

        # the single-video route returns the same video with counts
        got = self.ok(request("GET", f"/api/videos/{v['id']}"))
        for key in VIDEO_FIELDS - {"isLiked"}:
            self.assertEqual(got[key], v[key], key)
        self.assertEqual({k: got[k] for k in COUNT_FIELDS},
                         {"likes": 0, "likesCount": 0, "comments": 0, "commentsCount": 0, "views": 0, "isLiked": False})

        # minimal body: optional fields absent
        v = self.ok(self.post_video(u, {"title": "t", "videoUrl": "https://cdn.example.com/v/min.mp4"}), 201)
        self.assertEqual(v["title"], "t")
        self.assertIsNone(v["thumbnailUrl"])

    def test_hashtags_and_mentions(self):
        u = register_user("vh")
        w1, w2, w3 = word("a"), word("b"), word("c")
        title = f"Look #{w1.upper()} and #{w1} again a#{w2}x (#{w2}) #x-y"
        description = (
            f"with @John_Doe and @john_doe, mail bob@example.com, short @ab, long @{'a' * 21}, "
            f"(@Pal_99) #{w3}. #café_{w1} @{w1[:10]}"
        )
        v = self.ok(self.post_video(u, {"title": title, "videoUrl": "https://cdn.example.com/v/h.mp4",
                                        "description": description}), 201)
        self.assertEqual(v["hashtags"], [w1, w2, "x", w3, f"café_{w1}"])
        self.assertEqual(v["mentions"], ["john_doe", "pal_99", w1[:10]])

        # mentions come from the description only
        v = self.ok(self.post_video(u, {"title": "hi @someone_here", "videoUrl": "https://cdn.example.com/v/m.mp4"}), 201)
        self.assertEqual(v["mentions"], [])

    def test_hashtag_ends_at_non_letter_unicode(self):
        """Words are letters/digits/_: non-ASCII punctuation or spaces end a tag like ASCII ones do."""
        u = register_user("vp")
        w = word("p")
        description = f"#{w}\u2026 wow, #{w}x\u00a0next, #{w}y\u2014dash, #{w}z\u3002"
        v = self.ok(self.post_video(u, {"title": "punct", "videoUrl": "https://cdn.example.com/v/p.mp4",
                                        "description": description}), 201)
        self.assertEqual(v["hashtags"], [w, f"{w}x", f"{w}y", f"{w}z"])

    def test_validation(self):
        u = register_user("vv")
        url = "https://cdn.example.com/v/x.mp4"
        bad = [
            {"videoUrl": url},
            {"title": "", "videoUrl": url},
            {"title": "a" * 151, "videoUrl": url},
            {"title": 5, "videoUrl": url},
            {"title": "x"},
            {"title": "x", "videoUrl": ""},
            {"title": "x", "videoUrl": url, "description": "d" * 2201},
            {"title": "x", "videoUrl": url, "duration": -1},
            {"title": "x", "videoUrl": url, "duration": 86401},
            {"title": "x", "videoUrl": url, "duration": "12"},
            {"title": "x", "videoUrl": url, "duration": 1.5},
        ]
        for body in bad:
            with self.subTest(body={k: (v if len(str(v)) < 40 else f"<{len(v)} chars>") for k, v in body.items()}):
                self.assert_error(self.post_video(u, body), 400)
        self.assert_error(request("POST", "/api/videos", raw_body="{nope", token=u["token"]), 400)
        for body in (
            {"title": "a" * 150, "videoUrl": url},
            {"title": "x", "videoUrl": url, "description": "d" * 2200},
            {"title": "x", "videoUrl": url, "duration": 0},
            {"title": "x", "videoUrl": url, "duration": 86400},
        ):
            self.ok(self.post_video(u, body), 201)
        # nothing of the rejected bodies was stored
        self.assertEqual(self.listing(f"/api/videos/user/{u['id']}", limit=50)["total"], 4)
        # auth required
        self.assert_error(self.post_video(None, {"title": "x", "videoUrl": url}), 401)
        self.assert_error(request("POST", "/api/videos", {"title": "x", "videoUrl": url}, token="garbage"), 401)

    def test_length_limits_count_characters(self):
        """title <= 150 and description <= 2200 characters, not UTF-8 bytes."""
        u = register_user("vl")
        url = "https://cdn.example.com/v/u.mp4"
        v = self.ok(self.post_video(u, {"title": "é" * 150, "videoUrl": url}), 201)
        self.assertEqual(v["title"], "é" * 150)
        self.ok(self.post_video(u, {"title": "x", "videoUrl": url, "description": "é" * 2200}), 201)
        self.assert_error(self.post_video(u, {"title": "é" * 151, "videoUrl": url}), 400)
        self.assert_error(self.post_video(u, {"title": "x", "videoUrl": url, "description": "é" * 2201}), 400)

    def test_single_video_errors(self):
        self.assert_error(request("GET", f"/api/videos/{uuid.uuid4()}"), 404)
        for bad in ("nope", "123"):
            with self.subTest(id=bad):
                self.assert_error(request("GET", f"/api/videos/{bad}"), 404)


class VideoListTest(VideoBase):
    def test_user_videos_pages_and_cursor_walk(self):
        u = register_user("lu", full_name="List User")
        other = register_user("lo")
        create_video(other["token"], "someone else's")
        videos = [create_video(u["token"], f"clip {i}") for i in range(5)]
        newest_first = [v["id"] for v in reversed(videos)]
        path = f"/api/videos/user/{u['id']}"

        data = self.listing(path)
        self.assertEqual([v["id"] for v in data["videos"]], newest_first)
        self.assertEqual((data["total"], data["page"], data["limit"], data["hasMore"], data["nextCursor"]),
                         (5, 1, 10, False, None))
        entry = data["videos"][0]
        self.assertTrue(VIDEO_FIELDS | COUNT_FIELDS | {"user"} <= set(entry), entry)
        self.assertEqual(set(entry["user"]), LIST_USER_FIELDS)
        self.assertEqual((entry["user"]["id"], entry["user"]["username"], entry["user"]["fullName"]),
                         (u["id"], u["username"], "List User"))
        self.assertEqual({v["userId"] for v in data["videos"]}, {u["id"]})

        # page pagination
        paged = []
        for page, (count, more) in enumerate([(2, True), (2, True), (1, False)], start=1):
            data = self.listing(path, page=page, limit=2)
            self.assertEqual((len(data["videos"]), data["hasMore"], data["page"], data["limit"], data["total"]),
                             (count, more, page, 2, 5), data)
            paged += [v["id"] for v in data["videos"]]
        self.assertEqual(paged, newest_first)
        self.assertEqual(self.listing(path, page=4, limit=2)["videos"], [])

        # cursor walk; a video created mid-walk is newer, so it is not on the later pages
        late = []

        def create_late(page):
            if page == 1:
                late.append(create_video(u["token"], "late clip"))

        walked, pages = self.walk(path, 2, on_page=create_late)
        self.assertEqual(walked, newest_first, "each of the 5 videos exactly once, newest first")
        self.assertEqual(pages, 3)
        # a fresh walk sees the late one first
        data = self.listing(path, limit=2)
        self.assertEqual(data["videos"][0]["id"], late[0]["id"])
        self.assertEqual(data["total"], 6)

        # a user without videos, an unknown user, a malformed id
        lonely = register_user("ln")
        for uid in (lonely["id"], str(uuid.uuid4())):
            data = self.listing(f"/api/videos/user/{uid}")
            self.assertEqual((data["videos"], data["total"], data["hasMore"], data["nextCursor"]), ([], 0, False, None))
        self.assert_error(request("GET", "/api/videos/user/nope"), 404)

    def test_feed_contains_new_videos_newest_first(self):
        u = register_user("lf")
        a = create_video(u["token"], "feed one")
        b = create_video(u["token"], "feed two")
        for path in LIST_PATHS:
            with self.subTest(path=path):
                entry_b = find_in_video_list(path, b["id"])
                self.assertIsNotNone(entry_b, f"{b['id']} in {path}")
                self.assertEqual(entry_b["user"]["id"], u["id"])
                self.assertNotIn("email", entry_b["user"])
                # relative order: b (newer) before a
                walked, _ = [], None
                cursor = None
                for _ in range(20):
                    params = {"limit": 50} if cursor is None else {"limit": 50, "cursor": cursor}
                    data = self.listing(path, **params)
                    walked += [v["id"] for v in data["videos"]]
                    cursor = data["nextCursor"]
                    if a["id"] in walked or cursor is None:
                        break
                self.assertIn(a["id"], walked)
                self.assertLess(walked.index(b["id"]), walked.index(a["id"]))
                data = self.listing(path, limit=1)
                self.assertEqual((len(data["videos"]), data["limit"]), (1, 1))
                self.assertGreaterEqual(data["total"], 2)

    def test_counts_and_is_liked_in_lists(self):
        owner = register_user("co")
        liker = register_user("cl")
        stranger = register_user("cs")
        w = word("cnt")
        video = create_video(owner["token"], f"counted #{w}")
        vid = video["id"]

        resp = request("POST", "/api/interactions/like", {"videoId": vid}, token=liker["token"])
        self.assertEqual(resp.status, 201, resp.describe())
        resp = request("POST", "/api/interactions/comment", {"videoId": vid, "content": "nice"}, token=liker["token"])
        self.assertEqual(resp.status, 201, resp.describe())
        resp = request("POST", "/api/interactions/view", {"videoId": vid}, token=liker["token"])
        self.assertEqual(resp.status, 200, resp.describe())

        expected_counts = {"likes": 1, "likesCount": 1, "comments": 1, "commentsCount": 1, "views": 1}
        paths = LIST_PATHS + (f"/api/videos/user/{owner['id']}", f"/api/videos/hashtag/{w}",
                              "/api/videos/search?" + urllib.parse.urlencode({"q": w}))
        for path in paths:
            for who, token, liked in (("liker", liker["token"], True), ("stranger", stranger["token"], False),
                                      ("anonymous", None, False)):
                with self.subTest(path=path, viewer=who):
                    def check():
                        entry = find_in_video_list(path, vid, token)
                        if entry is None:
                            raise AssertionError(f"{vid} not in {path}")
                        got = {k: entry[k] for k in expected_counts}
                        if got != expected_counts or entry["isLiked"] is not liked:
                            raise AssertionError(f"counts {got}, isLiked {entry['isLiked']}")
                        return entry

                    eventually(check, timeout=10, desc=f"counts of {vid} in {path} for {who}")

        # single-video route agrees
        for token, liked in ((liker["token"], True), (stranger["token"], False), (None, False)):
            got = self.ok(request("GET", f"/api/videos/{vid}", token=token))
            self.assertEqual({k: got[k] for k in expected_counts}, expected_counts)
            self.assertIs(got["isLiked"], liked)

    def test_parameter_errors(self):
        u = register_user("pe")
        # u follows someone, so the following feed has users to list (see the test below for nobody)
        followed = register_user("pf")
        resp = request("POST", f"/api/users/{followed['id']}/follow", token=u["token"])
        self.assertEqual(resp.status, 201, resp.describe())
        paths = LIST_PATHS + (f"/api/videos/user/{u['id']}", "/api/videos/search?q=hello", "/api/videos/hashtag/hello",
                              "/api/videos/following")
        for path in paths:
            for params in ({"page": 0}, {"page": -1}, {"page": "x"}, {"limit": 0}, {"limit": 51}, {"limit": "x"},
                           {"cursor": "garbage"}, {"cursor": "!!!"}):
                with self.subTest(path=path, params=params):
                    self.assert_error(video_list(path, u["token"], **params), 400)
            with self.subTest(path=path, params="limit=50"):
                self.assertEqual(self.listing(path, u["token"], limit=50)["limit"], 50)

    def test_following_feed_bad_cursor_when_following_nobody(self):
        """A bad cursor is a 400 on the following feed even when the caller follows nobody."""
        u = register_user("pn")
        for params in ({"cursor": "garbage"}, {"cursor": "!!!"}):
            with self.subTest(params=params):
                self.assert_error(video_list("/api/videos/following", u["token"], **params), 400)


class SearchTest(VideoBase):
    def test_search_title_description_and_hashtags(self):
        u = register_user("sr")
        wt, wd, wh, shared = word("t"), word("d"), word("h"), word("s")
        in_title = create_video(u["token"], f"Title with {wt.upper()} {shared}")
        in_desc = create_video(u["token"], "plain", description=f"description has {wd} {shared}")
        in_tag = create_video(u["token"], f"tagged #{wh}")
        create_video(u["token"], "unrelated")

        def search(q, **params):
            return self.ids("/api/videos/search?" + urllib.parse.urlencode({"q": q}), **params)

        self.assertEqual(search(wt), [in_title["id"]])
        self.assertEqual(search(wt.upper()), [in_title["id"]])
        self.assertEqual(search(wd), [in_desc["id"]])
        self.assertEqual(search(wh), [in_tag["id"]])
        self.assertEqual(search(shared), [in_desc["id"], in_title["id"]])
        self.assertEqual(search(f"{shared} {wt}"), [in_title["id"]])
        self.assertEqual(search(word("none")), [])
        data = self.listing("/api/videos/search?" + urllib.parse.urlencode({"q": shared}), limit=1)
        self.assertEqual((data["total"], data["hasMore"], [v["id"] for v in data["videos"]]), (2, True, [in_desc["id"]]))
        entry = data["videos"][0]
        self.assertEqual(entry["user"]["id"], u["id"])
        walked, pages = self.walk("/api/videos/search?" + urllib.parse.urlencode({"q": shared}), 1)
        self.assertEqual((walked, pages), ([in_desc["id"], in_title["id"]], 2))

        for path in ("/api/videos/search", "/api/videos/search?q=", "/api/videos/search?q=%20%20"):
            with self.subTest(path=path):
                self.assert_error(request("GET", path), 400, "Search query is required")


class HashtagTest(VideoBase):
    def test_hashtag_lookup(self):
        u = register_user("ht")
        w, other = word("tag"), word("oth")
        first = create_video(u["token"], f"first #{w}")
        second = create_video(u["token"], "second", description=f"desc #{w.upper()} #{other}")
        create_video(u["token"], f"no tag {w}")  # the word without '#' is not the tag
        create_video(u["token"], f"glued a#{w}")  # "a#word" is not a tag

        want = [second["id"], first["id"]]
        for tag in (w, w.upper(), w.capitalize()):
            with self.subTest(tag=tag):
                self.assertEqual(self.ids(f"/api/videos/hashtag/{tag}"), want)
        self.assertEqual(self.ids(f"/api/videos/hashtag/{other}"), [second["id"]])
        self.assertEqual(self.ids(f"/api/videos/hashtag/{word('none')}"), [])
        data = self.listing(f"/api/videos/hashtag/{w}", limit=1)
        self.assertEqual((data["total"], data["hasMore"]), (2, True))
        walked, pages = self.walk(f"/api/videos/hashtag/{w}", 1)
        self.assertEqual((walked, pages), (want, 2))

    def test_hashtag_with_hash_sign(self):
        """'#tag' in a URL path is sent percent-encoded: /api/videos/hashtag/%23tag."""
        u = register_user("hs")
        w = word("hash")
        v = create_video(u["token"], f"hash #{w}")
        self.assertEqual(self.ids("/api/videos/hashtag/" + urllib.parse.quote("#" + w, safe="")), [v["id"]])

    def test_non_ascii_hashtag(self):
        u = register_user("hn")
        tag = "café_" + word("n")
        v = create_video(u["token"], f"unicode #{tag}")
        self.assertEqual(v["hashtags"], [tag])
        self.assertEqual(self.ids("/api/videos/hashtag/" + urllib.parse.quote(tag, safe="")), [v["id"]])

    def test_invalid_hashtag(self):
        u = register_user("hi")
        # a tag "a" exists, so a lenient parser that reads "a-b" as "a" would find something
        create_video(u["token"], "tag #a and #b")
        for bad in ("a-b", "!!", "a.b", "%20", "a%20b"):
            with self.subTest(tag=bad):
                self.assert_error(request("GET", f"/api/videos/hashtag/{bad}"), 400)


class FollowingFeedTest(VideoBase):
    def test_following_feed(self):
        me = register_user("fm")
        followed = [register_user(f"ff{i}") for i in range(2)]
        stranger = register_user("fs")
        for f in followed:
            resp = request("POST", f"/api/users/{f['id']}/follow", token=me["token"])
            self.assertEqual(resp.status, 201, resp.describe())

        mine = create_video(me["token"], "my own")
        theirs = []
        for i in range(3):
            for f in followed:
                theirs.append(create_video(f["token"], f"followed {i}"))
        create_video(stranger["token"], "stranger")

        data = self.listing("/api/videos/following", me["token"], limit=50)
        got = [v["id"] for v in data["videos"]]
        self.assertEqual(got, [v["id"] for v in reversed(theirs)])
        self.assertEqual((data["total"], data["hasMore"], data["nextCursor"]), (6, False, None))
        self.assertNotIn(mine["id"], got)
        self.assertEqual({v["user"]["id"] for v in data["videos"]}, {f["id"] for f in followed})

        walked, pages = self.walk("/api/videos/following", 4, me["token"])
        self.assertEqual((walked, pages), ([v["id"] for v in reversed(theirs)], 2))

        # isLiked for the caller in the following feed
        resp = request("POST", "/api/interactions/like", {"videoId": theirs[0]["id"]}, token=me["token"])
        self.assertEqual(resp.status, 201, resp.describe())
        entry = next(v for v in self.listing("/api/videos/following", me["token"], limit=50)["videos"]
                     if v["id"] == theirs[0]["id"])
        self.assertEqual((entry["isLiked"], entry["likesCount"]), (True, 1))

        # unfollow drops that user's videos
        resp = request("DELETE", f"/api/users/{followed[0]['id']}/follow", token=me["token"])
        self.assertEqual(resp.status, 200, resp.describe())
        data = self.listing("/api/videos/following", me["token"], limit=50)
        self.assertEqual({v["userId"] for v in data["videos"]}, {followed[1]["id"]})
        self.assertEqual(data["total"], 3)

        # nobody followed: empty; auth required
        lonely = register_user("fl")
        data = self.listing("/api/videos/following", lonely["token"])
        self.assertEqual((data["videos"], data["total"], data["hasMore"], data["nextCursor"]), ([], 0, False, None))
        self.assert_error(request("GET", "/api/videos/following"), 401)
        self.assert_error(request("GET", "/api/videos/following", token="garbage"), 401)


if __name__ == "__main__":
    unittest.main()
