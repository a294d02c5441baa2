"""Suggestions for a participant (for the specialist, and to review together), decisions, and the reverse view."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from crm import audit
from crm.extensions import db
from crm.models import Opening
from crm.participants.views import load_participant
from crm.suggestions.forms import DecisionForm
from crm.suggestions.services import DECISIONS, DecisionRefused, decide, suggestions_for, who_might_suit

bp = Blueprint("suggestions", __name__)


def _view(participant_id: int, template: str):
    participant = load_participant(participant_id)
    show_all, declined = request.args.get("all") == "1", request.args.get("declined") == "1"
    result = suggestions_for(participant, show_all=show_all, include_declined=declined)
    audit.record("view", "participant", participant.id, detail="suggestions")
    return render_template(template, participant=participant, result=result, show_all=show_all,
                           declined=declined, form=DecisionForm(), decisions=DECISIONS)


@bp.get("/participants/<int:participant_id>/suggestions")
def index(participant_id: int):
    """Suggested openings with reasons and checks, for the specialist."""
    return _view(participant_id, "suggestions/index.html")


@bp.get("/participants/<int:participant_id>/suggestions/together")
def together(participant_id: int):
    """The same suggestions in plain words and large type, to review with the participant (and print)."""
    return _view(participant_id, "suggestions/together.html")


@bp.post("/participants/<int:participant_id>/suggestions/<int:opening_id>")
def decision(participant_id: int, opening_id: int):
    """Record what the participant decided about one suggestion."""
    participant = load_participant(participant_id)
    opening = db.get_or_404(Opening, opening_id)
    form = DecisionForm()
    back = "suggestions.together" if form.view.data == "together" else "suggestions.index"
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors) or "Please try again.", "warning")
        return redirect(url_for(back, participant_id=participant.id))
    score = request.form.get("score", type=float)
    reasons = tuple(request.form.getlist("reasons"))[:10]
    try:
        decide(participant, opening, form.decision.data, current_user, reason=form.reason.data, score=score,
               reasons=tuple(r[:300] for r in reasons))
    except DecisionRefused as refused:
        flash(str(refused), "warning")
        return redirect(url_for(back, participant_id=participant.id))
    db.session.commit()
    label = DECISIONS[form.decision.data]
    if form.decision.data == "interested":
        plan = url_for("contacts.log", employer_id=opening.employer_id, participant_id=participant.id,
                       purpose="on_behalf")
        flash(Markup('Saved: {} for “{}”. <a href="{}">Plan an employer contact on their behalf</a>.').format(
            label, opening.title, plan), "success")
    else:
        flash(f"Saved: {label} for “{opening.title}”.", "success")
    return redirect(url_for(back, participant_id=participant.id) + f"#opening-{opening.id}")


@bp.get("/openings/<int:opening_id>/who-might-this-suit")
def who_might_this_suit(opening_id: int):
    """People on one's own caseload ranked for this opening, with reasons."""
    opening = db.get_or_404(Opening, opening_id)
    ranking, people = who_might_suit(opening, current_user)
    for participant_id in (c.participant_id for c in (ranking.candidates if ranking else ())):
        audit.record("view", "participant", participant_id, detail=f"ranked for opening {opening.id}")
    return render_template("suggestions/who_might_suit.html", opening=opening, ranking=ranking, people=people)
