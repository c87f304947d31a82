//! A pack as the review a partner answers: on the partner's own machine a
//! pack opens as that partner's copy of their questions, a review like
//! any other, drafted here from the pack's content.

use super::PackContent;
use crate::doc::{PartnerDraft, QuestionDraft, ResponseDraft, ReviewDraft, SectionDraft};
use crate::model::{Status, name_key};

/// A pack's questions as a review to create: the partner, and by name the
/// partners it answers jointly with; the sections in the pack's order.
pub fn copy_draft(content: &PackContent) -> ReviewDraft {
    let me = &content.partner;
    let mut partners = vec![PartnerDraft {
        name: me.name.clone(),
        short_name: me.short_name.clone(),
        ..PartnerDraft::default()
    }];
    let mut sections: Vec<SectionDraft> = Vec::new();
    // Every name and short name so far, by name_key.
    let mut known: std::collections::HashSet<String> = [&me.name, &me.short_name]
        .iter()
        .map(|n| name_key(n))
        .collect();
    let mut joint = |with: &[String]| {
        let mut names = vec![me.short_name.clone()];
        for other in with {
            if known.insert(name_key(other)) {
                partners.push(PartnerDraft {
                    name: other.clone(),
                    short_name: other.clone(),
                    ..PartnerDraft::default()
                });
            }
            names.push(other.clone());
        }
        names
    };
    // Named here, so that each recommendation's joint partners are in the
    // copy; the recommendations are added when the pack is opened, with
    // their references and dates.
    for r in &content.recommendations {
        joint(&r.joint_with);
    }
    for q in &content.questions {
        let names = joint(&q.joint_with);
        // The partner starts from a draft of what the council holds.
        let status = starting_status(q.status, q.response.iter().any(|p| !p.is_blank()));
        let question = QuestionDraft {
            text: q.text.clone(),
            context: q.context.clone(),
            notes: q.notes.clone(),
            appendices: Vec::new(),
            responses: vec![ResponseDraft {
                partners: names,
                label: Some(q.label.clone()),
                status,
                due: q.due,
                paragraphs: q.response.clone(),
            }],
        };
        match sections.last_mut() {
            Some(s) if s.title == q.section => s.questions.push(question),
            _ => sections.push(SectionDraft {
                title: q.section.clone(),
                questions: vec![question],
                ..SectionDraft::default()
            }),
        }
    }
    ReviewDraft {
        title: content.title.clone(),
        committee: content.committee.clone(),
        meeting_date: content.meeting_date,
        partners,
        sections,
        ..ReviewDraft::default()
    }
}

/// Where a partner's answer starts in the copy: what the council had
/// already accepted, or answered elsewhere, is for the partner to confirm
/// and mark ready.
pub fn starting_status(council: Status, has_words: bool) -> Status {
    match council {
        Status::Submitted | Status::Approved | Status::AnsweredElsewhere if has_words => {
            Status::Drafting
        }
        Status::Submitted | Status::Approved | Status::AnsweredElsewhere => Status::NotStarted,
        other => other,
    }
}
