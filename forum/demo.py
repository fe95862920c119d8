"""A realistic demo community for people trying PeerCircle: members, joined boards, conversations."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from forum.accounts import find_member, register_member
from forum.clock import utcnow
from forum.extensions import db
from forum.models import Board, Member, Membership, Post, PostStatus, Thread
from forum.posting import reply, start_thread

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 (documented, shared by every demo account)
# The newest demo post stays a little in the past, so anything written for real sorts above it.
NEWEST_DEMO_POST = timedelta(minutes=30)


@dataclass(frozen=True)
class DemoMember:
    username: str
    boards: tuple[str, ...]
    joined_days_ago: int


@dataclass(frozen=True)
class DemoReply:
    """A reply written `hours_after` the post before it; `to` is 0 for the opening post, n for the n-th reply."""

    author: str
    hours_after: float
    body: str
    to: int = 0


@dataclass(frozen=True)
class DemoThread:
    board: str
    author: str
    days_ago: float
    title: str
    body: str
    replies: tuple[DemoReply, ...] = ()


DEMO_MEMBERS: tuple[DemoMember, ...] = (
    DemoMember("SugarSteady", ("diabetes", "mental-health"), 120),
    DemoMember("KnottyKnuckles", ("arthritis", "chronic-pain-fatigue"), 95),
    DemoMember("slow_and_steady", ("chronic-pain-fatigue", "mental-health"), 110),
    DemoMember("HeartOnTheMend", ("heart-health", "mental-health"), 70),
    DemoMember("ClearSkiesAhead", ("cancer", "mental-health"), 88),
    DemoMember("tidewatcher", ("mental-health", "diabetes"), 45),
    DemoMember("carer_on_call", ("carers-family", "heart-health"), 64),
    DemoMember("fog_lifting_slowly", ("chronic-pain-fatigue", "heart-health", "mental-health"), 52),
    DemoMember("gentle_gardener", ("arthritis", "diabetes", "chronic-pain-fatigue"), 100),
    DemoMember("second_spring", ("cancer", "carers-family"), 77),
)
# Its presence means the demo has been filled already.
SENTINEL = DEMO_MEMBERS[0].username

DEMO_THREADS: tuple[DemoThread, ...] = (
    DemoThread(
        "diabetes",
        "SugarSteady",
        19,
        "Travelling with an insulin pump: my checklist after three trips",
        """
        I've just come back from my third trip abroad with my pump and finally feel like I have a system. Sharing in case it saves someone the panic I had the first time.

        **Before you go**

        - Ask your diabetes team for a **travel letter** explaining the pump and sensor. Nobody has asked for mine yet, but having it calms me down.
        - Pack **double the supplies** you think you need: sets, reservoirs, sensors, batteries. I also talked through a back-up plan for a pump failure with my diabetes nurse before the first trip.
        - Keep everything in **hand luggage**. Checked bags get lost, and the hold gets very cold.

        **At the airport**

        - I tell security about the pump before I go through and ask what they'd like me to do. Advice on scanners differs between pumps, so check what your manufacturer says.
        - A see-through pouch for supplies makes any bag search quicker.

        **While you're away**

        - Heat is the big one for me: insulin goes in a cooling wallet, and I check my infusion site more often because sweat loosens it.
        - Time zones: I worked out how to handle the clock change with my team in advance rather than guessing on the plane.

        What's on your list that I've missed?
        """,
        (
            DemoReply(
                "gentle_gardener",
                6,
                "This is brilliant, thank you. I'm not on a pump, but I've been on insulin pens since last year and I'm flying for the first time in June to see my grandchildren. Did you ever have trouble taking pens and needles through security?",
            ),
            DemoReply(
                "SugarSteady",
                3,
                "Pens have never been a problem for me, they just want to see them. I keep them in the same clear pouch with the letter and a small sharps bin for used needles. Ask your team for a letter anyway, it's one less thing to worry about. Have a lovely time with the grandchildren!",
                to=1,
            ),
            DemoReply(
                "gentle_gardener",
                20,
                "A sharps bin for the suitcase. I would never have thought of that. Adding it to my list.",
                to=2,
            ),
            DemoReply(
                "tidewatcher",
                30,
                "Saving this for my trip in the autumn. One thing I learned the hard way: **pack hypo snacks** in your hand luggage too. Flight delays don't care about your blood sugar.",
            ),
            DemoReply(
                "SugarSteady",
                5,
                "Yes! Glucose tablets and a cereal bar live in every bag I own now.",
                to=4,
            ),
        ),
    ),
    DemoThread(
        "diabetes",
        "gentle_gardener",
        12,
        "Neuropathy pain at night: what helps you sleep?",
        """
        My feet are fine-ish during the day, but at night they burn and tingle, and even the weight of the duvet feels like sandpaper. I'm seeing my GP about it next week.

        In the meantime, what has helped you get some sleep? I'd love practical things to try alongside whatever the GP suggests.
        """,
        (
            DemoReply(
                "KnottyKnuckles",
                4,
                "I don't have neuropathy, but after foot surgery for my arthritis I had a **bed cradle** (a frame that holds the duvet off your legs) and it was a game changer. Mobility shops sell them, and an occupational therapist may be able to lend you one.",
            ),
            DemoReply(
                "SugarSteady",
                7,
                """
                A few things that help me on bad nights:

                - Keeping the bedroom **cool**, with a fan pointed at my feet.
                - A short wind-down routine: a gentle stretch, then a podcast so my brain has something else to listen to.
                - **No hot water bottles or heat pads on my feet.** My podiatrist pointed out that I could burn myself without feeling it.

                It also helped to tell my GP exactly how many nights a week the pain woke me. Once they heard that, we looked at my pain relief properly. Worth keeping a little diary before your appointment.
                """,
            ),
            DemoReply(
                "gentle_gardener",
                10,
                "The diary is a good idea, I'll start tonight. And thank you for the hot water bottle warning, I'd have done exactly that.",
                to=2,
            ),
            DemoReply(
                "tidewatcher",
                15,
                "Same here. I noticed the pain got worse when my sugars had been running high for a few days, which was a nudge to talk to my nurse about my numbers. Not saying it's the same for everyone, just something I spotted.",
            ),
            DemoReply(
                "gentle_gardener",
                120,
                "Update: the GP has referred me to the foot clinic and reviewed my pain relief with me. The bed cradle arrived yesterday and I slept through until five for the first time in weeks. Small victory! Thank you all.",
            ),
        ),
    ),
    DemoThread(
        "diabetes",
        "tidewatcher",
        25,
        "Newly diagnosed with type 2 and feeling overwhelmed",
        """
        Diagnosed three weeks ago, at 58. I've been handed leaflets, an app, a follow-up date and a lot of feelings, and on top of my depression it's been a lot.

        Where did you start? What do you wish someone had told you in the first month?
        """,
        (
            DemoReply(
                "gentle_gardener",
                5,
                """
                I remember that feeling well. A few things I wish I'd known:

                1. **You don't have to change everything this week.** I picked one thing (a walk after dinner) and added more later.
                2. Ask whether there's a **structured education course** near you. Mine was two afternoons with other newly diagnosed people, and it was the most useful thing I did.
                3. The NHS pages are a calm, reliable place to start reading: [type 2 diabetes on the NHS website](https://www.nhs.uk/conditions/type-2-diabetes/). Much better than the internet rabbit holes I fell down.

                And it's completely normal to feel low about it. Tell your care team how you're feeling, not just your numbers.
                """,
            ),
            DemoReply(
                "tidewatcher",
                9,
                "One thing this week. I can manage that. I've asked my practice nurse about the course, thank you.",
                to=1,
            ),
            DemoReply(
                "SugarSteady",
                14,
                "Different type, same overwhelm. I was diagnosed as a teenager and I still remember the leaflet mountain. It does get more ordinary, I promise. Be kind to yourself while it does.",
            ),
            DemoReply(
                "HeartOnTheMend",
                40,
                "Not diabetes, but I got my own leaflet mountain after my heart attack. What helped me was writing my questions down between appointments, so I didn't freeze up in the room. Rooting for you.",
            ),
        ),
    ),
    DemoThread(
        "arthritis",
        "KnottyKnuckles",
        17,
        "Hand-friendly kitchen tools that actually earn their drawer space",
        """
        My RA mostly lives in my hands and wrists, and over the years I've bought a lot of gadgets. Most of them ended up in a drawer. These are the ones I use every single day:

        - **Electric tin opener.** Worth every penny.
        - **Rubber jar grips**, the cheap flat ones. I keep one in every room.
        - **Thick-handled cutlery and a rocker knife.** Foam tubing wrapped round ordinary handles works too.
        - **A kettle tipper**, so I never lift a full kettle.
        - **Frozen chopped veg.** Not a tool, but it saves my hands for the cooking I enjoy.

        An occupational therapy assessment is how I found out about half of these. If you haven't had one, ask your rheumatology team about it.

        What's your favourite?
        """,
        (
            DemoReply(
                "gentle_gardener",
                3,
                "A kettle tipper! I didn't know those existed. My osteoarthritis is worst in my thumbs, and pouring the kettle is the job I dread every morning.",
            ),
            DemoReply(
                "carer_on_call",
                8,
                "Saving this for my partner, whose hands get very tired by the evening. We've found a **perching stool** helps a lot too: sitting down to chop means more energy left for eating.",
            ),
            DemoReply(
                "KnottyKnuckles",
                4,
                "A perching stool is a great shout. I pace my cooking the same way: chop sitting down in the afternoon, cook in the evening.",
                to=2,
            ),
            DemoReply(
                "slow_and_steady",
                9,
                "Same with ME. I batch-chop on a good day and freeze it in portions. Future me is always grateful.",
                to=3,
            ),
            DemoReply(
                "gentle_gardener",
                26,
                "One more for the list: **a tap turner** for stiff old taps. Our bathroom ones are like cracking a safe.",
            ),
        ),
    ),
    DemoThread(
        "arthritis",
        "gentle_gardener",
        8,
        "Morning stiffness: how do you get going?",
        "It takes me a good hour before my knees and hands feel like they belong to me in the morning. How do you get going, especially on days when you have to be somewhere early?",
        (
            DemoReply(
                "KnottyKnuckles",
                2,
                """
                My routine, built up over a few years:

                - The hand exercises my physio showed me, **done in bed** before I get up. Ten minutes under the duvet while everything is warm.
                - A warm shower first thing.
                - Clothes laid out the night before, nothing with tiny buttons.
                - Appointments booked for mid-morning whenever I get the choice.

                If the stiffness suddenly lasts much longer than usual, I mention it to my rheumatology nurse, because for me that's often the start of a flare.
                """,
            ),
            DemoReply(
                "gentle_gardener",
                5,
                "Exercises under the duvet is such a good idea. My physio gave me some too and I always 'forget' them. Doing them in bed removes every excuse.",
                to=1,
            ),
            DemoReply(
                "second_spring",
                20,
                "My mum does her finger exercises while her first cup of tea brews. Slow kettle, stretchy fingers, she says.",
            ),
        ),
    ),
    DemoThread(
        "heart-health",
        "HeartOnTheMend",
        23,
        "Starting cardiac rehab next week and honestly nervous",
        "Eight weeks since my heart attack. I start cardiac rehab on Monday and I'm more nervous than I was before my first job interview. Part of me is scared to get my heart rate up at all. What was rehab like for you?",
        (
            DemoReply(
                "carer_on_call",
                3,
                "My partner did rehab after his heart failure diagnosis, and he was terrified too. What helped: the staff **check you before, during and after** every session, and they start really gently. By week three he was teasing the nurse about her playlist. Go, and tell them you're nervous. They hear it all the time.",
            ),
            DemoReply(
                "HeartOnTheMend",
                6,
                "That helps more than you know. I think I'd pictured being thrown on a treadmill.",
                to=1,
            ),
            DemoReply(
                "carer_on_call",
                2,
                "Ha, no. Think gentle circuits and a lot of chatting. Ask whether partners can come to the education sessions too; I learned a lot at ours.",
                to=2,
            ),
            DemoReply(
                "fog_lifting_slowly",
                18,
                "Not a heart attack, but my long COVID clinic had me on a supervised programme with heart monitoring, and having the team there made me feel much safer than exercising alone at home. Hope Monday goes well.",
            ),
            DemoReply(
                "HeartOnTheMend",
                110,
                """
                Update after week one: it was fine. Better than fine, actually.

                > Listen to your body, not your fear.

                One of the nurses said that to me on the first day and it's now on a note on the fridge. I'm still scared sometimes, but the team set my limits and I trust them more than my own worrying right now.
                """,
            ),
        ),
    ),
    DemoThread(
        "heart-health",
        "carer_on_call",
        9,
        "Low-salt cooking that doesn't taste like cardboard",
        "My partner's heart team has asked us to cut right back on salt. I do the cooking and, honestly, for the first week everything tasted of nothing. What do you use for flavour instead?",
        (
            DemoReply(
                "HeartOnTheMend",
                4,
                """
                Same boat since my heart attack. Things that rescued dinner for us:

                - **Lemon and lime**, zest and juice, on almost everything
                - Smoked paprika, cumin and garlic
                - Fresh herbs, or frozen ones, which are cheaper
                - Roasting vegetables instead of boiling them: they taste much sweeter

                Your taste buds do adjust after a few weeks. Things I used to love now taste really salty to me.
                """,
            ),
            DemoReply(
                "gentle_gardener",
                7,
                "A splash of vinegar at the end of cooking, especially in soups. And check bread and stock cubes: that's where most of our salt was hiding.",
            ),
            DemoReply(
                "carer_on_call",
                12,
                "Stock cubes! That explains a lot. Thank you both, it's a lemony chicken traybake tonight.",
                to=2,
            ),
            DemoReply(
                "fog_lifting_slowly",
                30,
                "Funnily enough, for my long COVID heart-rate symptoms I was given different salt advice altogether, which shows how personal this is. Always go with what your own care team says. But lemon on everything seems to be universal.",
            ),
        ),
    ),
    DemoThread(
        "cancer",
        "ClearSkiesAhead",
        16,
        "Scanxiety: how do you get through the week before a scan?",
        "Two years since I finished treatment, and my six-monthly scan is on Thursday. I'm fine, I'm fine, until about a week before, and then I'm not sleeping, I'm snappy, and every twinge is *definitely* something. How do you cope with the waiting, before and after?",
        (
            DemoReply(
                "second_spring",
                2,
                """
                Oh, scanxiety. I know it well. What helps me:

                - **Plan something nice for the afternoon after the scan**, so the day isn't only about the scan.
                - Ask when and how you'll get the results, so you're not jumping every time the phone rings.
                - Tell a couple of people so they can check in, but not everyone. I can't cope with twenty "any news?" messages.
                - Let yourself feel rubbish. Fighting the worry made it louder for me.
                """,
            ),
            DemoReply(
                "ClearSkiesAhead",
                4,
                "Asking how I'll get the results is such a good idea. Last time I spent ten days staring at my phone.",
                to=1,
            ),
            DemoReply(
                "second_spring",
                3,
                "Yes, and if they say two weeks and you've heard nothing after three, it's fine to ring and ask. That's what your nurse specialist is there for.",
                to=2,
            ),
            DemoReply(
                "tidewatcher",
                10,
                "Not cancer, but my therapist taught me to give worry a set time: fifteen minutes in the evening when I write it all down, then close the notebook. It sounds daft, but it helps me sleep.",
            ),
            DemoReply(
                "ClearSkiesAhead",
                190,
                "Clear again. Thank you all for getting me through the week. I planned that nice afternoon as suggested: cake with my sister, then a very long walk.",
            ),
        ),
    ),
    DemoThread(
        "cancer",
        "second_spring",
        6,
        "Going back to work after treatment: phased return tips?",
        "I'm nearly a year on from bowel cancer surgery and chemo, and I go back to my office job next month on a phased return. The fatigue is much better but not gone. Has anyone been through this? What do you wish you'd asked for?",
        (
            DemoReply(
                "ClearSkiesAhead",
                5,
                """
                I went back after breast cancer treatment. What I asked for, and what I wish I had:

                - A **written plan** for the phased return, with a review date, so it didn't quietly turn into full-time in week two.
                - Working from home one or two days a week.
                - Time for appointments without having to explain every one.
                - A quiet spot for ten minutes' rest after lunch. I didn't ask for this one and I wish I had.

                Occupational health were more helpful than I expected.
                """,
            ),
            DemoReply(
                "slow_and_steady",
                9,
                "Not cancer, but I had to negotiate adjustments at work for ME. Keep a little energy diary for the first few weeks. It made it much easier to show my manager that afternoons were the problem, not me.",
            ),
            DemoReply(
                "second_spring",
                12,
                "A written plan with a review date: noted. Otherwise I'd have said 'yes, I'm fine' to everything.",
                to=1,
            ),
        ),
    ),
    DemoThread(
        "mental-health",
        "tidewatcher",
        11,
        "How do you talk to family about depression when you're also physically ill?",
        "My family are great about my diabetes. They ask about my numbers and they've learned what to do about hypos. But when I try to talk about the depression, they go quiet or tell me to 'look on the bright side'. How have you opened up that conversation?",
        (
            DemoReply(
                "HeartOnTheMend",
                3,
                "I found it easier to start with something concrete than with 'I'm depressed'. Something like: 'Some days I can't face going out, and it isn't laziness. It would help if you asked me for a short walk instead of a whole day out.' Giving them a job helped them feel less helpless.",
            ),
            DemoReply(
                "tidewatcher",
                8,
                "Giving them something to do: I hadn't thought of it that way. Maybe their silence is helplessness more than not caring.",
                to=1,
            ),
            DemoReply(
                "carer_on_call",
                4,
                """
                Speaking as the family member here: yes, it is so often helplessness. When my partner first told me he was struggling, I said all the wrong things because I was scared. What helped me was him saying:

                > I don't need you to fix it. I just need you to know.

                It changed how I listen.
                """,
                to=2,
            ),
            DemoReply(
                "tidewatcher",
                6,
                "That quote made me cry a bit (the good kind). I'm going to borrow it.",
                to=3,
            ),
            DemoReply(
                "ClearSkiesAhead",
                20,
                "Also: you can raise it with your GP or care team the same way you'd raise your numbers. Mine was far more understanding than I expected, and that made it easier to talk to my family afterwards.",
            ),
            DemoReply(
                "slow_and_steady",
                40,
                "Sending solidarity. It took me a few tries, and one of them was a letter because I couldn't say it out loud. That counts too.",
            ),
        ),
    ),
    DemoThread(
        "mental-health",
        "slow_and_steady",
        19,
        "Small wins thread: share one good thing from your week",
        """
        Living with a long-term condition, it's easy to notice only what we *couldn't* do. So here's a running thread for small wins. No win is too small:

        - Got out of bed and showered? **Win.**
        - Said no to something that would have wiped you out? **Win.**
        - Asked for help? **Big win.**

        I'll start: I sat in the garden for twenty minutes yesterday and didn't pay for it today.
        """,
        (
            DemoReply(
                "fog_lifting_slowly",
                5,
                "Love this. Mine: I read a whole chapter of a book for the first time since I got ill. Brain fog, you're on notice.",
            ),
            DemoReply(
                "slow_and_steady", 3, "A whole chapter! That's huge. What are you reading?", to=1
            ),
            DemoReply(
                "fog_lifting_slowly",
                6,
                "A very gentle detective novel. Nothing too complicated: the cat solves half the mysteries.",
                to=2,
            ),
            DemoReply(
                "SugarSteady",
                14,
                "My time in range was the best it's been in months this week. I'm choosing not to think about how much of that was luck.",
            ),
            DemoReply(
                "KnottyKnuckles",
                20,
                "I opened a jar of pickles by myself. Okay, with a jar grip. Still counts.",
            ),
            DemoReply("gentle_gardener", 4, "It absolutely counts!", to=5),
            DemoReply(
                "HeartOnTheMend",
                26,
                "Walked to the end of the road and back without stopping. Eight weeks ago that was unthinkable.",
            ),
            DemoReply(
                "ClearSkiesAhead",
                18,
                "Went to a yoga class for the first time since treatment. I spent most of it lying down, but I went.",
            ),
            DemoReply(
                "carer_on_call",
                22,
                "I had a whole afternoon to myself while my sister sat with my partner. I didn't clean anything. I watched a film.",
            ),
            DemoReply("slow_and_steady", 3, "Not cleaning is the real win there.", to=9),
            DemoReply(
                "tidewatcher",
                28,
                "I told my GP how I'd really been feeling instead of saying 'fine'. We've made a plan together.",
            ),
            DemoReply("second_spring", 5, "That takes real courage. Well done.", to=11),
            DemoReply(
                "second_spring",
                20,
                "First full morning back in the garden. Planted sweet peas with my mum, who supervised from a chair with great authority.",
            ),
            DemoReply(
                "gentle_gardener",
                6,
                "Sweet peas are the best. A fellow gardener salutes you both.",
                to=13,
            ),
            DemoReply(
                "fog_lifting_slowly",
                30,
                "Had a crash this week, but I recognised it early and rested instead of pushing through. Counting that as a win, even if it doesn't feel like one.",
            ),
            DemoReply(
                "slow_and_steady",
                2,
                "That's a proper win. Spotting it early is the hardest part of pacing.",
                to=15,
            ),
            DemoReply(
                "KnottyKnuckles",
                20,
                "Said no to hosting the family dinner this year. They're bringing the food to mine instead, and I'm in charge of sitting down.",
            ),
            DemoReply(
                "HeartOnTheMend",
                26,
                "Cardiac rehab week two done. The nurse says my fitness is up. I say my nerve is up.",
            ),
            DemoReply(
                "SugarSteady",
                16,
                "Got through a whole work presentation without a hypo or a high. Packed three snacks just in case and didn't need any of them.",
            ),
            DemoReply(
                "ClearSkiesAhead",
                24,
                "Clear scan results came through. That's my big win this week, and cake was had.",
            ),
            DemoReply("tidewatcher", 3, "So happy for you!", to=20),
            DemoReply(
                "carer_on_call",
                22,
                "Booked a carer's assessment at last. It only took me a year of saying I would.",
            ),
            DemoReply(
                "gentle_gardener",
                20,
                "Slept through the night three times this week. The bed cradle is my new best friend.",
            ),
            DemoReply(
                "second_spring",
                28,
                "Signed my phased return plan: written down, with a review date, thanks to advice on this forum.",
            ),
            DemoReply(
                "fog_lifting_slowly",
                18,
                "Managed a video call with friends and stayed for the whole hour. I rested all afternoon beforehand, and it worked.",
            ),
            DemoReply(
                "tidewatcher",
                20,
                "Walked after dinner every day this week. One thing at a time, like someone here told me.",
            ),
            DemoReply(
                "slow_and_steady",
                16,
                "Loving reading all of these. Mine this week: I sat through a whole family meal without needing to lie down halfway. Keep them coming, everyone.",
            ),
        ),
    ),
    DemoThread(
        "chronic-pain-fatigue",
        "fog_lifting_slowly",
        13,
        "Pacing for ME/CFS and long COVID: what has actually worked for you?",
        "Eight months into long COVID. Everyone tells me to 'pace', but nobody tells me *how*. On good days I do everything, then I'm flat for three days afterwards. Boom and bust, I think it's called. How did you actually learn to pace?",
        (
            DemoReply(
                "slow_and_steady",
                4,
                """
                Boom and bust: I lived there for years with ME. What finally worked for me, slowly:

                1. **Find your baseline.** What can you do on a *bad* day without paying for it? That's your starting point, not what you manage on a good day.
                2. **Break things up.** Shower, then rest. Not shower, dress, breakfast and washing-up in one go.
                3. **Rest before you need to.** Rest is part of the plan, not a reward for finishing.
                4. **Keep an activity diary** for a couple of weeks. Patterns show up that you'd never spot otherwise.

                Go gently with yourself. It took me a long time, and my ME clinic helped a lot.
                """,
            ),
            DemoReply(
                "fog_lifting_slowly",
                5,
                "'What can I do on a bad day' is such a different question from the one I've been asking. How do you count things like phone calls or reading? They wipe me out, but they don't feel like 'activity'.",
                to=1,
            ),
            DemoReply(
                "slow_and_steady",
                3,
                "They absolutely count! Thinking, talking and noise all use energy for me. I rate everything low, medium or high and try to mix them through the day. A phone call is medium, a supermarket trip is high, the radio while lying down is low.",
                to=2,
            ),
            DemoReply(
                "fog_lifting_slowly",
                8,
                "The supermarket is my nemesis. The lights, the noise, the decisions. Do you ever manage it, or have you given up?",
                to=3,
            ),
            DemoReply(
                "slow_and_steady",
                2,
                "Online delivery most weeks. On a good month I go at a quiet time with a list in aisle order, and sit in the car for ten minutes afterwards before I drive. Letting go of some things made room for the ones I care about more.",
                to=4,
            ),
            DemoReply(
                "fog_lifting_slowly",
                6,
                "'Letting go of some things made room for the ones I care about.' I think I needed to hear that. Thank you for being so patient with my questions.",
                to=5,
            ),
            DemoReply(
                "KnottyKnuckles",
                20,
                "Pacing is so useful for arthritis too. I use a timer: twenty minutes of a task, then a sit-down, even when I feel fine. *Especially* when I feel fine.",
            ),
            DemoReply(
                "gentle_gardener",
                5,
                "'Especially when I feel fine' is exactly where I go wrong. Good days are dangerous!",
                to=7,
            ),
            DemoReply(
                "fog_lifting_slowly",
                96,
                "A week of the activity diary done. It turns out my good days usually follow a day when I rested properly. Who knew? (Everyone here, apparently.) I'm taking the diary to my long COVID clinic appointment next month.",
            ),
        ),
    ),
    DemoThread(
        "chronic-pain-fatigue",
        "KnottyKnuckles",
        2.5,
        "Explaining 'flare tired' to people who think it's normal tired",
        "'Oh, I'm always tired too!' If I had a pound for every time. How do you explain the difference between flare fatigue and ordinary tiredness?",
        (
            DemoReply(
                "slow_and_steady",
                3,
                "The spoon analogy works for some of my family: you start the day with a set number of spoons, and everything, showering included, costs some. When they're gone, they're gone. Ordinary tired is an empty tank you can top up with a nap. Mine is more like a leaking one.",
            ),
            DemoReply(
                "fog_lifting_slowly",
                6,
                """
                I've started saying:

                > It's not that I'm sleepy. It's that my body has stopped taking orders.

                People seem to get that better.
                """,
            ),
            DemoReply(
                "KnottyKnuckles",
                4,
                "'My body has stopped taking orders' is perfect. Stealing it.",
                to=2,
            ),
            DemoReply(
                "gentle_gardener",
                20,
                "With some people I've stopped explaining and just say 'I need to sit down now'. It saves my energy for the ones who want to understand.",
            ),
        ),
    ),
    DemoThread(
        "carers-family",
        "carer_on_call",
        10,
        "Carer burnout: I didn't notice until I snapped at the pharmacist",
        "I've been caring for my partner since his heart failure diagnosis two years ago. Last week I snapped at the (lovely, patient) pharmacist over a prescription mix-up, then cried in the car park. I think I'm running on empty. How do other carers look after themselves without feeling guilty?",
        (
            DemoReply(
                "second_spring",
                3,
                """
                Oh, that car park cry. I've had it. I look after my mum, and it took me a long time to accept that **looking after myself is part of looking after her**. A few things that helped:

                - A **carer's assessment** from the local council. It got us a few hours of respite care a week.
                - Telling my own GP that I'm a carer. They check on me now too.
                - One thing a week that's just mine. For me it's a swim.

                And please go easy on yourself. One bad moment doesn't undo two years of caring.
                """,
            ),
            DemoReply(
                "carer_on_call",
                7,
                "I didn't even know carers could get an assessment of their own. I've always thought of everything as 'his' care.",
                to=1,
            ),
            DemoReply(
                "second_spring",
                4,
                "So many of us don't! It's for you, as the carer. Worth looking up what your council offers.",
                to=2,
            ),
            DemoReply(
                "HeartOnTheMend",
                15,
                "Speaking from the patient side: I'd much rather my wife took an afternoon off than burned out. I feel guilty when I see her exhausted, too. Maybe ask him how he feels about you getting some help? He may be relieved.",
            ),
            DemoReply(
                "carer_on_call",
                9,
                "I asked him last night. He said almost exactly what you said, and then we both cried, and then we laughed. Booking the assessment this week.",
                to=4,
            ),
            DemoReply(
                "slow_and_steady", 30, "Sending you a big (gentle) hug. Carers need caring for too."
            ),
        ),
    ),
    DemoThread(
        "carers-family",
        "second_spring",
        1.5,
        "Caring for my mum while still recovering myself",
        "I'm a year on from cancer treatment, and my mum, who's 84 with osteoarthritis and heart trouble, needs more help every month. Some days I'm not sure who's caring for whom. Is anyone else juggling their own health with caring for someone?",
        (
            DemoReply(
                "carer_on_call",
                5,
                "Not quite the same, but I have my own back problems alongside caring for my partner. What helps us is being honest about whose day it is. Some days he's stronger and does more, some days I am.",
            ),
            DemoReply(
                "gentle_gardener",
                8,
                "I'm the mum in this picture, in a way: my daughter helps me with my arthritis, and I worry about her. If your mum is anything like me, she'd want you to look after yourself first.",
            ),
            DemoReply(
                "second_spring",
                6,
                "That made me smile. She does say that. Maybe I should start listening.",
                to=2,
            ),
        ),
    ),
)


def fill_demo_community() -> str:
    """Create the demo members and their conversations once; say what the demo holds."""
    login_hint = f"Log in as any demo member (e.g. {SENTINEL}) with password '{DEMO_PASSWORD}'."
    if find_member(SENTINEL) is not None:
        return f"Demo community already present. {login_hint}"
    taken = [spec.username for spec in DEMO_MEMBERS if find_member(spec.username) is not None]
    if taken:
        return f"Demo community not created: these usernames belong to other accounts: {', '.join(taken)}."
    now = utcnow()
    boards = _demo_boards()
    members = {spec.username: _create_member(spec, boards, now) for spec in DEMO_MEMBERS}
    conversations = [_create_thread(spec, boards, members, now) for spec in DEMO_THREADS]
    _settle_activity(conversations, boards.values())
    posts = [post for _, thread_posts in conversations for post in thread_posts]
    held = sum(post.status == PostStatus.PENDING for post in posts)
    held_note = f" ({held} held for review)" if held else ""
    return (
        f"Demo community: {len(members)} members, {len(conversations)} threads, "
        f"{len(posts)} posts{held_note}. {login_hint}"
    )


def _demo_boards() -> dict[str, Board]:
    """The default boards the demo writes in, by slug."""
    slugs = {spec.board for spec in DEMO_THREADS}
    slugs.update(slug for spec in DEMO_MEMBERS for slug in spec.boards)
    boards = {
        board.slug: board
        for board in db.session.scalars(db.select(Board).where(Board.slug.in_(slugs)))
    }
    missing = sorted(slugs - boards.keys())
    if missing:
        raise LookupError(
            f"Boards missing for the demo: {', '.join(missing)}. Run `flask --app wsgi peercircle seed-boards` first."
        )
    return boards


def _create_member(spec: DemoMember, boards: dict[str, Board], now: datetime) -> Member:
    """Register one demo member, back-dated, following the boards they care about."""
    member = register_member(
        username=spec.username,
        email=f"{spec.username.lower()}@example.org",
        password=DEMO_PASSWORD,
    )
    member.joined_at = now - timedelta(days=spec.joined_days_ago)
    db.session.add_all(
        Membership(member_id=member.id, board_id=boards[slug].id, joined_at=member.joined_at)
        for slug in spec.boards
    )
    return member


def _create_thread(
    spec: DemoThread, boards: dict[str, Board], members: dict[str, Member], now: datetime
) -> tuple[Thread, list[Post]]:
    """Start one thread and write its replies through the domain verbs, back-dating each post."""
    times = _post_times(spec, now)
    thread, _ = start_thread(
        boards[spec.board], author=members[spec.author], title=spec.title, body=_text(spec.body)
    )
    opening = db.session.scalars(
        db.select(Post).where(Post.thread_id == thread.id, Post.parent_id.is_(None))
    ).one()
    thread.created_at = opening.created_at = times[0]
    posts = [opening]
    for answer, when in zip(spec.replies, times[1:], strict=True):
        parent = posts[answer.to] if answer.to else None
        post, _ = reply(
            thread, author=members[answer.author], body=_text(answer.body), parent=parent
        )
        post.created_at = when
        posts.append(post)
    return thread, posts


def _post_times(spec: DemoThread, now: datetime) -> list[datetime]:
    """When each post of the thread was written, oldest first, all safely in the past."""
    times = [now - timedelta(days=spec.days_ago)]
    for answer in spec.replies:
        times.append(times[-1] + timedelta(hours=answer.hours_after))
    overrun = times[-1] - (now - NEWEST_DEMO_POST)
    if overrun > timedelta(0):
        times = [when - overrun for when in times]
    return times


def _settle_activity(
    conversations: list[tuple[Thread, list[Post]]], boards: Iterable[Board]
) -> None:
    """Point threads and boards at their latest visible post, now that the posts are back-dated."""
    for thread, posts in conversations:
        visible = [post.created_at for post in posts if post.is_visible]
        thread.last_activity_at = max(visible, default=thread.created_at)
    db.session.flush()
    for board in boards:
        newest = db.session.scalars(
            db.select(Thread)
            .where(Thread.board_id == board.id, Thread.is_public)
            .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
            .limit(1)
        ).first()
        if newest is not None:
            board.last_post_at = newest.last_activity_at
            board.last_thread_id = newest.id


def _text(body: str) -> str:
    """A body written indented in this module, as the member would have typed it."""
    return inspect.cleandoc(body)
