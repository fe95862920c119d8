"""Search through HTTP: finding advice, staying correct through edits and moderation, never failing."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from conftest import login, posts_in
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from forum.extensions import db
from forum.helpful import mark_answer, mark_helpful
from forum.models import Member, Post, Thread
from forum.posting import reply
from search.collecting import tips_in
from search.indexer import open_index, reindex
from search.models import IndexOutbox


def titles(page: str) -> list[str]:
    return re.findall(r'<li class="result">\s*<h3><a href="[^"]+">([^<]+)</a>', page)


def search(client, query: str, **params) -> str:
    response = client.get("/search", query_string={"q": query, **params})
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def backlog(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(IndexOutbox))


@pytest.fixture
def poster(member_factory):
    return member_factory("sharer")


def test_stemming_and_accents_find_the_right_posts(client, poster, thread_factory):
    thread_factory(
        poster, title="Walking helped my knees", body="I walked to the café every morning."
    )
    thread_factory(poster, title="Swimming for stiff joints", body="Water takes the weight off.")
    for query in ["walk", "walking", "walks", "cafe", "CAFÉ"]:
        assert titles(search(client, query)) == ["Walking helped my knees"], query


def test_medical_synonyms_are_applied_to_the_query(client, poster, thread_factory):
    thread_factory(
        poster, title="Lows overnight", body="With type 1 diabetes I get hypoglycaemia around 3am."
    )
    thread_factory(poster, title="Knee pain", body="Rheumatoid arthritis flares in winter.")
    assert titles(search(client, "t1d")) == ["Lows overnight"]
    assert titles(search(client, "hypo")) == ["Lows overnight"]
    assert titles(search(client, "RA winter")) == ["Knee pain"]


def test_an_edit_is_searchable_at_once(client, app, login_as, thread_factory):
    author = login_as("sharer")
    thread = thread_factory(author, title="Sleep tips", body="Lavender helps me.")
    client.submit(
        f"/p/{thread.opening_post_id}/edit", {"title": "Sleep tips", "body": "Magnesium helps me."}
    )
    assert titles(search(client, "magnesium")) == ["Sleep tips"]
    assert titles(search(client, "lavender")) == []
    assert backlog(app) == 0


def test_a_deleted_post_disappears_from_results_at_once(client, login_as, thread_factory):
    author = login_as("sharer")
    thread = thread_factory(author, title="Private detail thread", body="My pharmacist is lovely.")
    assert titles(search(client, "pharmacist"))
    client.submit(f"/p/{thread.opening_post_id}/delete")
    assert titles(search(client, "pharmacist")) == []


def test_a_removed_post_disappears_and_a_held_one_never_appears(
    client, app, member_factory, thread_factory
):
    admin = member_factory("site_admin", role="admin")
    thread = thread_factory(admin, title="Coping with flares", body="Heat packs and rest.")
    member_factory("writer")
    login(client, "writer")
    client.submit(f"/t/{thread.id}/reply", {"body": "Heat packs are for idiots"})
    client.submit(
        f"/t/{thread.id}/reply",
        {"body": "You should stop taking your methotrexate, heat packs cure it."},
    )
    page = search(client, "heat packs")
    assert "idiots" in page
    assert "methotrexate" not in page
    client.submit("/logout")
    login(client, "site_admin")
    queue = client.get("/mod/queue").get_data(as_text=True)
    item_id = re.search(r"/mod/items/(\d+)/remove", queue).group(1)
    client.submit(f"/mod/items/{item_id}/remove", {"guideline": "Be kind."})
    page = search(client, "heat packs")
    assert "idiots" not in page and "methotrexate" not in page


def test_a_helpful_reply_ranks_above_an_equally_relevant_one(
    client, app, member_factory, thread_factory
):
    author = member_factory("asker")
    thread = thread_factory(author, title="Question about evenings", body="What do you all do?")
    member_factory("first")
    member_factory("second")
    login(client, "first")
    plain = client.submit(
        f"/t/{thread.id}/reply", {"body": "A warm bath with epsom salts eases cramps."}
    )
    client.submit("/logout")
    login(client, "second")
    liked = client.submit(
        f"/t/{thread.id}/reply", {"body": "A warm bath with epsom salts eases cramps!"}
    )
    liked_id = int(liked.location.rsplit("#p", 1)[1])
    plain_id = int(plain.location.rsplit("#p", 1)[1])
    for name in ("helper1", "helper2", "helper3"):
        member_factory(name)
        client.submit("/logout")
        login(client, name)
        assert client.submit(f"/p/{liked_id}/helpful").status_code == 302
    page = search(client, "epsom salts cramps")
    order = [int(i) for i in re.findall(r'href="/p/(\d+)"', page)]
    assert order.index(liked_id) < order.index(plain_id)
    assert "3 found this helpful" in page


HOSTILE = [
    '"',
    '"unbalanced quote',
    "OR",
    "OR OR OR",
    "-",
    "--",
    "-only",
    "board:",
    "board:nowhere",
    "author:",
    "(",
    ")",
    "*",
    "?",
    "~",
    "^2",
    "title:insulin",
    "a" * 2000,
    "word " * 500,
    "<script>alert(1)</script>",
    "\x00",
    "🙂 insulin",
    "ñandú",
    "NOT AND",
    '"" ""',
    "::::",
    "board:diabetes",
    "-insulin -pump",
    "OR insulin",
    "insulin OR",
    "%",
    "\\",
    "'; drop table posts; --",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_fail(client, poster, thread_factory, query):
    thread_factory(poster, title="Insulin pump travel", body="Pack spares for the insulin pump.")
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.get_data(as_text=True)


def test_snippets_cannot_inject_html(client, poster, thread_factory):
    thread_factory(
        poster,
        title="Pump tips",
        body='Keep insulin cool <img src=x onerror=alert(1)> and "<b>safe</b>"',
    )
    page = search(client, "insulin")
    snippet = re.search(r'<p class="snippet">(.*?)</p>', page, re.S).group(1)
    assert "<mark>insulin</mark>" in snippet
    assert "<img" not in snippet and "<b>" not in snippet
    assert "&lt;img" in snippet


def test_query_syntax_phrases_or_and_exclusions(client, poster, thread_factory):
    thread_factory(poster, title="Morning stiffness", body="A hot shower loosens my hands.")
    thread_factory(poster, title="Evening routine", body="A shower before bed, then hot tea.")
    thread_factory(poster, title="Cold therapy", body="Ice packs for swollen knees.")
    assert titles(search(client, '"hot shower"')) == ["Morning stiffness"]
    assert sorted(titles(search(client, "shower"))) == ["Evening routine", "Morning stiffness"]
    assert titles(search(client, "shower -tea")) == ["Morning stiffness"]
    assert sorted(titles(search(client, "ice OR tea"))) == ["Cold therapy", "Evening routine"]


def test_filters_board_author_tips_and_newest(client, member_factory, thread_factory):
    one = member_factory("alice_k")
    two = member_factory("bob_t")
    thread_factory(
        one, board_slug="diabetes", title="Fatigue with diabetes", body="Fatigue hits after lunch."
    )
    thread_factory(
        two,
        board_slug="chronic-pain-fatigue",
        title="Fatigue and pacing",
        body="Pacing my fatigue helps.",
    )
    assert titles(search(client, "fatigue", board="diabetes")) == ["Fatigue with diabetes"]
    assert titles(search(client, "fatigue board:chronic-pain-fatigue")) == ["Fatigue and pacing"]
    assert titles(search(client, "fatigue", author="bob_t")) == ["Fatigue and pacing"]
    assert titles(search(client, "fatigue", tips="1")) == []
    assert titles(search(client, "fatigue", sort="newest")) == [
        "Fatigue and pacing",
        "Fatigue with diabetes",
    ]
    assert titles(search(client, "fatigue", since="2999-01-01")) == []
    assert len(titles(search(client, "fatigue", since="not-a-date"))) == 2


def test_since_and_until_keep_whole_days_at_both_ends(app, client, poster, thread_factory):
    days = {"Pacing in March": "2025-03-01 23:59:59", "Pacing in April": "2025-04-01 00:00:00"}
    days["Pacing in May"] = "2025-05-31 12:30:00"
    threads = {title: thread_factory(poster, title=title, body="Pacing helps.") for title in days}
    with app.app_context():
        for title, moment in days.items():
            db.session.execute(
                db.update(Post)
                .where(Post.thread_id == threads[title].id)
                .values(created_at=datetime.fromisoformat(moment))
            )
        db.session.commit()
        reindex(db.session, app.config["INDEX_DIR"])

    def found(**dates) -> set[str]:
        return set(titles(search(client, "pacing", **dates)))

    assert found(since="2025-03-01", until="2025-03-01") == {"Pacing in March"}
    assert found(since="2025-03-02", until="2025-04-01") == {"Pacing in April"}
    assert found(since="2025-04-02") == {"Pacing in May"}
    assert found(until="2025-05-30") == {"Pacing in March", "Pacing in April"}
    assert found(until="2025-05-31") == set(days)


def test_a_misspelt_word_is_corrected_without_a_click_keeping_the_filters(
    client, poster, thread_factory
):
    thread_factory(
        poster, title="Neuropathy at night", body="Neuropathy pain eases with cold feet."
    )
    page = search(client, "nueropathy at nigt", board="diabetes")
    assert "Showing results for <strong>neuropathy at night</strong>" in page
    assert titles(page) == ["Neuropathy at night"]
    # Searching for the words as typed keeps the board and asks for no correction.
    link = re.search(r'Search instead for <a href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "exact=1" in link and "board=diabetes" in link
    exact = client.get(link).get_data(as_text=True)
    assert "Showing results for" not in exact and titles(exact) == []
    assert "Did you mean" in exact and ">neuropathy at night</a>" in exact


@pytest.mark.parametrize("query", ["what is the ra", "type 2", "dmard nueropathy"])
def test_stop_words_numbers_and_listed_abbreviations_are_never_corrected(
    client, poster, thread_factory, query
):
    thread_factory(poster, title="Neuropathy at night", body="Neuropathy, rheumatoid arthritis.")
    page = search(client, query)
    corrected = re.search(r"Showing results for <strong>([^<]+)</strong>", page)
    words = corrected.group(1).split() if corrected else query.split()
    for typed, shown in zip(query.split(), words, strict=True):
        if typed != "nueropathy":
            assert shown == typed


def test_empty_and_long_queries_get_a_clear_message(client):
    assert "Please type a word or two" in search(client, "   ")
    assert "only its first 2,000 characters" in search(client, "x" * 2500)


def test_search_box_is_on_every_page(client, poster, thread_factory):
    thread = thread_factory(poster)
    for url in ["/", "/b/diabetes", thread.url, "/login"]:
        assert 'role="search"' in client.get(url).get_data(as_text=True)


def test_index_failure_loses_no_post_and_reindex_restores_it(
    app, client, runner, login_as, thread_factory
):
    author = login_as("sharer")
    thread = thread_factory(author, title="Before the failure", body="Compression socks help.")
    shutil.rmtree(app.config["INDEX_DIR"])
    response = client.submit(f"/t/{thread.id}/reply", {"body": "Elevating my legs helps too."})
    assert response.status_code == 302
    assert "Elevating my legs" in client.get(thread.url).get_data(as_text=True)
    unavailable = client.get("/search", query_string={"q": "elevating"})
    assert unavailable.status_code == 503
    assert "Nothing you posted is lost" in unavailable.get_data(as_text=True)
    assert backlog(app) >= 1
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert backlog(app) == 0
    assert titles(search(client, "elevating legs")) == ["Before the failure"]
    status = runner.invoke(args=["search", "status"]).output
    assert "indexed: 2" in status and "outbox backlog: 0" in status


def test_a_busy_index_keeps_changes_queued_until_it_is_free(app, client, login_as, thread_factory):
    author = login_as("sharer")
    thread = thread_factory(author, title="Queued changes", body="First words.")
    # Another process holds Whoosh's single writer lock.
    writer = open_index(app.config["INDEX_DIR"]).writer()
    try:
        client.submit(f"/t/{thread.id}/reply", {"body": "Written while the index was busy."})
        assert backlog(app) >= 1
    finally:
        writer.cancel()
    client.submit(f"/t/{thread.id}/reply", {"body": "And another one."})
    assert backlog(app) == 0
    assert titles(search(client, "busy")) == ["Queued changes"]


def test_a_corrupt_index_is_rebuilt_by_reindex(app, client, runner, poster, thread_factory):
    thread_factory(poster, title="Survives corruption", body="Gentle yoga.")
    directory = Path(app.config["INDEX_DIR"])
    for path in directory.iterdir():
        path.write_bytes(b"garbage")
    assert client.get("/search", query_string={"q": "yoga"}).status_code == 503
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    assert whoosh_index.exists_in(str(directory))
    assert titles(search(client, "yoga")) == ["Survives corruption"]


def test_similar_threads_are_offered_on_preview(client, login_as, thread_factory):
    author = login_as("sharer")
    thread_factory(author, title="Insulin pump travel tips", body="Pack spares.")
    response = client.submit(
        "/b/diabetes/new",
        {"title": "Travel with an insulin pump?", "body": "Any advice?", "preview": "1"},
    )
    page = response.get_data(as_text=True)
    assert "Threads like yours" in page
    assert "Insulin pump travel tips" in page


def test_search_still_works_when_the_outbox_was_filled_by_a_worker(
    app, client, poster, thread_factory, runner
):
    app.config["SEARCH_INLINE_INDEXING"] = False
    thread_factory(poster, title="Worker mode", body="Indexed by the drain worker.")
    assert titles(search(client, "worker")) == []
    assert "changes applied" in runner.invoke(args=["search", "drain"]).output
    assert titles(search(client, "worker")) == ["Worker mode"]


def test_reindex_covers_every_visible_post_only(app, runner, member_factory, thread_factory):
    author = member_factory("sharer")
    thread_factory(author, replies=5)
    with app.app_context():
        post = db.session.scalars(db.select(Post).order_by(Post.id.desc())).first()
        post.status = "removed"
        db.session.commit()
        with Session(db.engine) as session:
            from search.indexer import reindex

            assert reindex(session, app.config["INDEX_DIR"]) == 5


def test_a_parallel_rebuild_finds_what_a_single_writer_finds(
    app, client, member_factory, thread_factory
):
    author = member_factory("sharer")
    thread_factory(author, title="Pacing on bad days", body="Pacing helps me most days.", replies=3)
    thread_factory(author, title="Night hypos", body="A slow carb snack before bed.", replies=2)
    from search.indexer import reindex

    found = {}
    for parallel in (False, True):
        with app.app_context(), Session(db.engine) as session:
            assert reindex(session, app.config["INDEX_DIR"], parallel=parallel) == 7
        found[parallel] = (titles(search(client, "pacing")), titles(search(client, "snack")))
    assert found[True] == found[False] == (["Pacing on bad days"], ["Night hypos"])


def test_a_page_past_the_last_says_so_and_links_back(client, poster, thread_factory):
    thread_factory(poster, title="Pacing on bad days", body="Pacing helps me most days.")
    page = search(client, "pacing", page="5")
    assert "1 conversation" in page
    assert "No posts match" not in page
    assert "This page is past the last one" in page and "page=1" in page


def test_one_entry_per_conversation_with_the_answer_before_the_question(
    client, app, poster, member_factory, thread_factory
):
    thread = thread_factory(
        poster, title="Night hypos", body="How do I stop night hypos on insulin?"
    )
    helper = member_factory("dsn_helper")
    with app.app_context():
        post, _ = reply(
            db.session.get(Thread, thread.id),
            author=db.session.get(Member, helper.id),
            body="A slow carb snack before bed stopped my night hypos.",
        )
        db.session.commit()
        answer_id = post.id
    page = search(client, "how do I stop night hypos?")
    assert titles(page) == ["Night hypos"]
    first = re.search(r'<li class="result">\s*<h3><a href="/p/(\d+)"', page).group(1)
    assert int(first) == answer_id


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("stopped", "stop"),
        ("exhaustion", "exhausted"),
        ("diabetic", "diabetes"),
        ("flaring", "flares"),
    ],
)
def test_word_forms_find_each_other(client, poster, thread_factory, typed, written):
    thread_factory(poster, title="A long week", body=f"Some weeks I just {written} it all.")
    assert titles(search(client, typed)) == ["A long week"]


def test_authors_are_shown_as_they_write_their_names(client, member_factory, thread_factory):
    author = member_factory("Marg_T1D")
    thread_factory(author, title="Libre sensors falling off", body="Skin tac under the sensor.")
    page = search(client, "libre sensor")
    assert "Marg_T1D" in page


def test_not_or_in_any_case_and_an_unknown_prefix(client, poster, thread_factory):
    thread_factory(poster, title="Cold cap or shave?", body="I shaved it and got a soft hat.")
    thread_factory(poster, title="Hair loss on chemo", body="The cold cap saved most of mine.")
    thread_factory(poster, title="Wigs on the NHS", body="Ask your chemo nurse about a wig.")
    # Left out for its own words: the reply about shaving stays, though its title says "cap".
    assert sorted(titles(search(client, "shaved hat hair -cap"))) == ["Cold cap or shave?"]
    assert titles(search(client, "cold cap NOT saved")) == ["Cold cap or shave?"]
    assert sorted(titles(search(client, "wig or hat"))) == ["Cold cap or shave?", "Wigs on the NHS"]
    # "not" in a question is a word, not an exclusion; an unknown prefix is read as words.
    assert "Wigs on the NHS" in titles(search(client, "why is my wig not comfy"))
    assert "Wigs on the NHS" in titles(search(client, "nurse:wig"))


def test_a_cached_page_never_shows_a_post_as_it_was_before_an_edit(
    client, login_as, thread_factory
):
    author = login_as("sharer")
    thread = thread_factory(
        author, title="Sleep tips", body="Lavender helps me. I buy it at the Old Mill market."
    )
    assert "Old Mill" in search(client, "lavender")
    client.submit(
        f"/p/{thread.opening_post_id}/edit", {"title": "Sleep tips", "body": "Lavender helps me."}
    )
    page = search(client, "lavender")
    assert titles(page) == ["Sleep tips"] and "Old Mill" not in page


def test_a_medical_term_of_several_words_matches_only_in_a_row(client, poster, thread_factory):
    thread_factory(poster, title="Methotrexate", body="The side effects were mild for me.")
    thread_factory(poster, title="Cold weather", body="My left side aches; the effects of cold.")
    thread_factory(poster, title="New tablets", body="Any adverse effects settled in a week.")
    assert sorted(titles(search(client, "side effects"))) == ["Methotrexate", "New tablets"]


def test_a_parallel_rebuild_writes_the_tips_as_a_segment_of_their_own(
    app, client, poster, member_factory, thread_factory
):
    helper = member_factory("helper")
    first = thread_factory(poster, title="Pacing on bad days", body="Pacing at work?", replies=3)
    second = thread_factory(poster, title="Cold hands", body="Cold hands at work?", replies=2)
    with app.app_context():
        replies = posts_in(db.session.get(Thread, first.id))[1:]
        others = posts_in(db.session.get(Thread, second.id))[1:]
        mark_helpful(replies[0], by=db.session.get(Member, helper.id))
        owner = db.session.get(Member, poster.id)
        mark_answer(db.session.get(Thread, second.id), others[1], by=owner)
        db.session.commit()
        tips = {replies[0].id, others[1].id}
        with Session(db.engine) as session:
            assert reindex(session, app.config["INDEX_DIR"], parallel=True) == 7
        with open_index(app.config["INDEX_DIR"]).searcher() as searcher:
            leaves = [leaf for leaf, _ in searcher.leaf_searchers()]
            segments = [(leaf.doc_count_all(), tips_in(leaf)) for leaf in leaves]
    assert (2, 2) in segments and sum(size for size, _ in segments) == 7
    assert not [size for size, held in segments if held and held != size]
    shown = re.findall(r'href="/p/(\d+)"', search(client, "reply number", tips="1"))
    assert {int(post_id) for post_id in shown} == tips
