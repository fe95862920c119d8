"""The forum's data model; import models from here."""

from forum.models.board import Board
from forum.models.discussion import Post, PostStatus, Thread
from forum.models.helpful import HelpfulMark
from forum.models.member import AccountStatus, Member, Membership, Role
from forum.models.notice import Notice
from forum.models.private_message import PrivateConversation, PrivateMessage
from forum.models.submission import Submission
from forum.models.throttle import ThrottleEvent

__all__ = [
    "AccountStatus",
    "Board",
    "HelpfulMark",
    "Member",
    "Membership",
    "Notice",
    "Post",
    "PostStatus",
    "PrivateConversation",
    "PrivateMessage",
    "Role",
    "Submission",
    "Thread",
    "ThrottleEvent",
]
