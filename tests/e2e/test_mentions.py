"""End-to-end: @mentions in comments notify the mentioned users (type "mention")."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import eventually, register_user, request  # noqa: E402


def notes(token, **match):
    return [n for n in support.list_notifications(token) if all(n.get(k) == v for k, v in match.items())]


class MentionTest(unittest.TestCase):
    def setUp(self):
        support.wait_ready(60)

    def test_mentioned_users_are_notified_once_and_retracted_with_the_comment(self):
        owner = register_user("mno")
        author = register_user("mna")
        friend = register_user("mnf")
        video = support.create_video(owner["token"], "mentions")
        text = f"@{friend['username'].upper()} look! @{friend['username']} @{author['username']} @nobody_{friend['id'][:6]}"
        created = request("POST", "/api/interactions/comment", {"videoId": video["id"], "content": text},
                          token=author["token"])
        self.assertEqual(created.status, 201, created.describe())
        comment_id = created.data["id"]

        got = eventually(lambda: notes(friend["token"], type="mention", relatedId=comment_id), timeout=10,
                         desc="the mention notification")
        self.assertEqual(len(got), 1, got)  # mentioned twice (any case): one notification
        self.assertEqual(got[0]["actorId"], author["id"])
        # The owner still gets the comment notification; the author is not notified of their own mention.
        eventually(lambda: notes(owner["token"], type="comment", relatedId=comment_id), timeout=10,
                   desc="the comment notification")
        self.assertEqual(notes(author["token"], relatedId=comment_id), [])

        deleted = request("DELETE", f"/api/interactions/comment/{comment_id}", token=author["token"])
        self.assertEqual(deleted.status, 200, deleted.describe())
        eventually(lambda: not notes(friend["token"], relatedId=comment_id), timeout=10,
                   desc="the mention notification to be retracted")

    def test_mentions_on_your_own_video_still_notify_others(self):
        owner = register_user("mnv")
        friend = register_user("mnw")
        video = support.create_video(owner["token"], "own video mention")
        created = request("POST", "/api/interactions/comment",
                          {"videoId": video["id"], "content": f"hey @{friend['username']}"}, token=owner["token"])
        self.assertEqual(created.status, 201, created.describe())
        eventually(lambda: notes(friend["token"], type="mention", relatedId=created.data["id"]), timeout=10,
                   desc="the mention notification")
        self.assertEqual(notes(owner["token"], relatedId=created.data["id"]), [])


if __name__ == "__main__":
    unittest.main()
