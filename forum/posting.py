"""Domain verbs for discussions. They change the session; the request commits once."""

from __future__ import annotations

from forum.changes import record_change
from forum.clock import utcnow
from forum.conversation import MAX_TREE_DEPTH, SEGMENT_WIDTH, child_path
from forum.extensions import db
from forum.hooks import Change, Decision, Draft, Verdict, judge
from forum.models import Board, Member, Post, PostStatus, Thread
from forum.rendering import render_markdown
from forum.slugs import slugify

TITLE_MIN, TITLE_MAX = 5, 150
BODY_MAX = 20_000


class PublishRefused(Exception):
    """A check refused the words; the member gets the reasons and keeps the text."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__("; ".join(verdict.reasons))
        self.verdict = verdict


def _checked(draft: Draft) -> tuple[str, Verdict]:
    verdict = judge(draft)
    if verdict.decision == Decision.REFUSE:
        raise PublishRefused(verdict)
    status = PostStatus.PENDING if verdict.decision == Decision.HOLD else PostStatus.VISIBLE
    return status, verdict


def start_thread(board: Board, *, author: Member, title: str, body: str) -> tuple[Thread, Verdict]:
    """Open a thread with its first post; held for review if a check says so."""
    title = title.strip()
    status, verdict = _checked(Draft(author=author, board=board, body=body, title=title))
    now = utcnow()
    thread = Thread(
        board=board,
        author=author,
        author_name=author.username,
        title=title,
        slug=slugify(title),
        created_at=now,
        last_activity_at=now,
        is_public=False,
    )
    post = _new_post(thread, author=author, body=body, parent=None, verdict=verdict)
    db.session.add_all([thread, post])
    db.session.flush()
    post.path = child_path("", post.id)
    _apply_status(post, status)
    record_change(post, Change.CREATED, verdict)
    return thread, verdict


def reply(
    thread: Thread, *, author: Member, body: str, parent: Post | None = None
) -> tuple[Post, Verdict]:
    """Answer the thread, or a particular post in it."""
    if parent is None:
        parent = db.session.scalars(
            db.select(Post).where(Post.thread_id == thread.id, Post.parent_id.is_(None))
        ).one()
    status, verdict = _checked(Draft(author=author, board=thread.board, body=body, thread=thread))
    post = _new_post(thread, author=author, body=body, parent=parent, verdict=verdict)
    db.session.add(post)
    db.session.flush()
    # Past the deepest level the path stops growing: the reply sorts after its parent instead.
    base = parent.path if parent.depth < MAX_TREE_DEPTH else parent.path[:-SEGMENT_WIDTH]
    post.path = child_path(base, post.id)
    post.depth = min(parent.depth + 1, MAX_TREE_DEPTH)
    _apply_status(post, status)
    record_change(post, Change.CREATED, verdict)
    return post, verdict


def _new_post(
    thread: Thread, *, author: Member, body: str, parent: Post | None, verdict: Verdict
) -> Post:
    # Born pending: _apply_status then publishes it and counts it, or leaves it held.
    return Post(
        thread=thread,
        author=author,
        author_name=author.username,
        parent=parent,
        body_source=body,
        body_html=render_markdown(verdict.shown_text(body)),
        status=PostStatus.PENDING,
        created_at=utcnow(),
    )


def edit_post(post: Post, *, by: Member, body: str, title: str | None = None) -> Verdict:
    """Change a post's words (and the thread title, for an opening post); checked again."""
    thread = post.thread
    new_title = title.strip() if title is not None and post.is_opening else None
    draft = Draft(
        author=by, board=thread.board, body=body, title=new_title, thread=thread, post=post
    )
    status, verdict = _checked(draft)
    post.body_source = body
    post.body_html = render_markdown(verdict.shown_text(body))
    post.edited_at = utcnow()
    retitled = bool(new_title) and new_title != thread.title
    if retitled:
        thread.title, thread.slug = new_title, slugify(new_title)
    if post.status != PostStatus.REMOVED:
        set_post_status(post, status)
    record_change(post, Change.EDITED, verdict)
    if retitled:
        record_change(post, Change.THREAD)
    return verdict


def delete_post(post: Post, *, by: Member) -> None:
    """The author takes their words back; the post stays as a placeholder so replies keep their place."""
    post.body_source = ""
    post.body_html = ""
    post.deleted_at = utcnow()
    record_change(post, Change.DELETED)


def set_post_status(post: Post, status: str) -> None:
    """Publish, hold or remove a post, keeping thread and board counters in step."""
    if _apply_status(post, status):
        record_change(post, Change.STATUS)


def _apply_status(post: Post, status: str) -> bool:
    """Set the status and the counters; whether the post's visibility changed.

    A new post is announced once, as created, whatever status it is born with.
    """
    was_visible = post.status == PostStatus.VISIBLE
    post.status = status
    is_visible = status == PostStatus.VISIBLE
    if was_visible == is_visible:
        return False
    delta = 1 if is_visible else -1
    thread, board = post.thread, post.thread.board
    board.post_count = Board.post_count + delta
    if post.parent is None:
        thread.is_public = is_visible
        board.thread_count = Board.thread_count + delta
    else:
        thread.reply_count = Thread.reply_count + delta
    if is_visible:
        _touch_activity(thread, board, post)
    db.session.flush()
    db.session.refresh(board, ["post_count", "thread_count"])
    db.session.refresh(thread, ["reply_count"])
    return True


def _touch_activity(thread: Thread, board: Board, post: Post) -> None:
    thread.last_activity_at = max(thread.last_activity_at, post.created_at)
    if board.last_post_at is None or post.created_at >= board.last_post_at:
        board.last_post_at = post.created_at
        board.last_thread_id = thread.id


def set_thread_flags(
    thread: Thread, *, pinned: bool | None = None, locked: bool | None = None
) -> None:
    """Pin or lock a thread; who may is the caller's decision."""
    if pinned is not None:
        thread.pinned = pinned
    if locked is not None:
        thread.locked = locked


def move_thread(thread: Thread, board: Board) -> None:
    """Move a thread to another board, carrying its counts with it."""
    old = thread.board
    if old.id == board.id:
        return
    visible = db.session.scalar(
        db.select(db.func.count())
        .select_from(Post)
        .where(Post.thread_id == thread.id, Post.status == PostStatus.VISIBLE)
    )
    if thread.is_public:
        old.thread_count = Board.thread_count - 1
        board.thread_count = Board.thread_count + 1
    old.post_count = Board.post_count - visible
    board.post_count = Board.post_count + visible
    thread.board = board
    if board.last_post_at is None or thread.last_activity_at >= board.last_post_at:
        board.last_post_at, board.last_thread_id = thread.last_activity_at, thread.id
    db.session.flush()
    db.session.refresh(old, ["post_count", "thread_count"])
    db.session.refresh(board, ["post_count", "thread_count"])
    opening = db.session.scalars(
        db.select(Post).where(Post.thread_id == thread.id, Post.parent_id.is_(None))
    ).one()
    record_change(opening, Change.THREAD)
