"""Regenerate the small test PDFs (needs reportlab, a dev-only dependency).

Run from the repo root: python tests/data/ingest/make_pdfs.py
The text is held-out prose written for the tests (not the seed article), typeset
in two justified columns with a spanning title, hyphenated line ends, a running
header and page numbers, so the PDF reader and the repair are tested together.
"""

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent

# Each column is a list of printed lines exactly as typeset (with line-end hyphens).
PAGE1_LEFT = [
    "Le conseil municipal a voté hier",
    "soir un budget exceptionnel pour",
    "la rénovation des écoles pri-",
    "maires de la ville. Les travaux",
    "commenceront au printemps et",
    "dureront deux ans.",
    "Selon le maire, cette décision",
    "était attendue depuis long-",
    "temps par les familles.",
]
PAGE1_RIGHT = [
    "Les enseignants se sont réjouis",
    "de cette annonce. Ils réclament",
    "cependant des moyens supplé-",
    "mentaires pour les classes sur-",
    "chargées du centre-ville.",
    "Une réunion publique aura lieu",
    "la semaine prochaine à la mai-",
    "rie pour présenter le calendrier.",
]
PAGE2_LEFT = [
    "Les parents d'élèves ont déjà",
    "prévu de poser des questions",
    "sur la sécurité des chantiers.",
]
PAGE2_RIGHT = [
    "Le préfet a promis une aide de",
    "l'État avant la fin de l'année.",
]
TRUTH = (
    "Un budget exceptionnel pour les écoles\n"
    "Le conseil municipal a voté hier soir un budget exceptionnel pour la rénovation des écoles primaires de la ville.\n"
    "Les travaux commenceront au printemps et dureront deux ans.\n"
    "Selon le maire, cette décision était attendue depuis longtemps par les familles.\n"
    "Les enseignants se sont réjouis de cette annonce.\n"
    "Ils réclament cependant des moyens supplémentaires pour les classes surchargées du centre-ville.\n"
    "Une réunion publique aura lieu la semaine prochaine à la mairie pour présenter le calendrier.\n"
    "Les parents d'élèves ont déjà prévu de poser des questions sur la sécurité des chantiers.\n"
    "Le préfet a promis une aide de l'État avant la fin de l'année.\n"
)


def two_column(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    for page, (left, right) in enumerate([(PAGE1_LEFT, PAGE1_RIGHT), (PAGE2_LEFT, PAGE2_RIGHT)], start=1):
        c.setFont("Helvetica", 8)
        c.drawString(50, h - 40, f"La Gazette du Val | MARDI 3 MARS 2020 | page {page}")
        if page == 1:
            c.setFont("Helvetica-Bold", 16)
            c.drawString(50, h - 80, "Un budget exceptionnel pour les écoles")
        c.setFont("Helvetica", 10)
        top = h - 120
        # drawn row by row across both columns, as many typesetters emit them:
        # an extractor that follows the content stream interleaves the columns
        for k in range(max(len(left), len(right))):
            for lines, x in ((left, 50), (right, 50 + (w - 100) / 2 + 10)):
                if k < len(lines):
                    c.drawString(x, top - 13 * k, lines[k])
        c.setFont("Helvetica", 8)
        c.drawString(w / 2, 30, str(page))
        c.showPage()
    c.save()


THREE_COLS = [
    ["The city council approved a", "new transport plan on Mon-", "day evening after a long", "debate."],
    ["Buses will run every ten", "minutes on the main routes,", "the mayor said."],
    ["Cyclists welcomed the deci-", "sion but asked for safer", "junctions downtown."],
]
THREE_TRUTH = (
    "City approves transport plan\n"
    "The city council approved a new transport plan on Monday evening after a long debate.\n"
    "Buses will run every ten minutes on the main routes, the mayor said.\n"
    "Cyclists welcomed the decision but asked for safer junctions downtown.\n"
)


def three_column(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    c.setFont("Helvetica-Bold", 18)
    c.drawString(50, h - 70, "City approves transport plan")
    c.setFont("Helvetica", 9)
    col_w = (w - 100) / 3
    for k in range(max(len(col) for col in THREE_COLS)):  # row by row across the columns
        for n, col in enumerate(THREE_COLS):
            if k < len(col):
                c.drawString(50 + n * (col_w + 8), h - 110 - 12 * k, col[k])
    c.drawString(50, 30, "The Daily Example - Tuesday, March 3, 2020 - Page 7")
    c.showPage()
    c.save()


def no_text_layer(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(100, 400, 300, 200, fill=1)  # a "scanned" page: shapes, no text objects
    c.showPage()
    c.save()


if __name__ == "__main__":
    two_column(HERE / "two-column.pdf")
    no_text_layer(HERE / "no-text-layer.pdf")
    three_column(HERE / "three-column.pdf")
    (HERE / "three-column.truth.txt").write_text(THREE_TRUTH, encoding="utf-8")
    (HERE / "two-column.truth.txt").write_text(TRUTH, encoding="utf-8")
