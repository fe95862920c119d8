"""The condition boards every new PeerCircle starts with."""

from __future__ import annotations

from dataclasses import dataclass

from forum.extensions import db
from forum.models import Board
from forum.rendering import render_markdown

COMMON_GUIDELINES = """\
- **Be kind.** Everyone here lives with something hard. Disagree with ideas, never with people.
- **Share experience, not prescriptions.** Say what worked for you; never tell someone to start, stop or change a medicine or dose. That is a conversation for them and their care team.
- **No miracle cures.** Claims that something cures a condition, or that "doctors don't want you to know", are removed.
- **Protect privacy.** Don't post phone numbers, addresses or emails, yours or anyone else's.
- **No spam or advertising.** Don't sell or promote products, services or money-making schemes, and share links only when they help the conversation.
- **If you are in crisis,** call your local emergency number or a crisis line now. Peers care, but they cannot keep you safe in an emergency.
- PeerCircle complements medical care and never replaces it.
"""


@dataclass(frozen=True)
class BoardSpec:
    slug: str
    name: str
    description: str
    extra_guidelines: str = ""


DEFAULT_BOARDS: tuple[BoardSpec, ...] = (
    BoardSpec(
        "diabetes",
        "Diabetes",
        "Type 1, type 2 and gestational diabetes: daily management, tech, food and feelings.",
        "- Share numbers if you want to, but remember targets are personal: your care team sets yours.\n",
    ),
    BoardSpec(
        "arthritis",
        "Arthritis & Joint Pain",
        "Rheumatoid, osteo- and psoriatic arthritis, gout and other joint conditions.",
    ),
    BoardSpec(
        "heart-health",
        "Heart Health",
        "Living with heart disease, heart failure, arrhythmias and recovery after a cardiac event.",
        "- Chest pain, fainting or sudden breathlessness: call emergency services first, post later.\n",
    ),
    BoardSpec(
        "cancer",
        "Cancer",
        "Diagnosis, treatment, recovery and living with cancer, for patients and survivors.",
    ),
    BoardSpec(
        "mental-health",
        "Mental Health",
        "Depression, anxiety and the emotional side of long-term illness.",
        "- Talk about hard feelings here: you will be heard. If you are thinking of ending your life, contact a crisis line now.\n",
    ),
    BoardSpec(
        "chronic-pain-fatigue",
        "Chronic Pain & Fatigue",
        "Fibromyalgia, ME/CFS, long COVID and other pain and fatigue conditions.",
    ),
    BoardSpec(
        "carers-family",
        "Carers & Family",
        "For partners, parents, children and friends who care for someone with a long-term condition.",
    ),
)


def guidelines_for(spec: BoardSpec) -> str:
    return COMMON_GUIDELINES + spec.extra_guidelines


def create_board(
    *, slug: str, name: str, description: str = "", guidelines: str = "", position: int = 0
) -> Board:
    """A new condition board with its guidelines rendered once, like posts."""
    board = Board(
        slug=slug,
        name=name,
        description=description,
        guidelines_source=guidelines,
        guidelines_html=render_markdown(guidelines),
        position=position,
    )
    db.session.add(board)
    db.session.flush()
    return board


def ensure_default_boards() -> list[Board]:
    """Create whichever default boards are missing; running it again changes nothing."""
    existing = set(db.session.scalars(db.select(Board.slug)))
    created = []
    for position, spec in enumerate(DEFAULT_BOARDS):
        if spec.slug not in existing:
            created.append(
                create_board(
                    slug=spec.slug,
                    name=spec.name,
                    description=spec.description,
                    guidelines=guidelines_for(spec),
                    position=position,
                )
            )
    return created
