//! A large review for tests and benchmarks (benches include this file).

use kloe::doc::{PartnerDraft, QuestionDraft, ResponseDraft, ReviewDraft, SectionDraft};
use kloe::model::Status;
use kloe::text::Paragraph;

/// A review of `n` questions, 3 partners, some joint, some answered.
pub fn large_review(n: usize) -> ReviewDraft {
    let partners = [
        ("Example District Council", "EDC"),
        ("Example Police", "Police"),
        ("Example PCC Office", "PCC"),
    ];
    ReviewDraft {
        title: format!("Annual Scrutiny Review – {n} questions"),
        meeting_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 10),
        intro: vec![Paragraph::plain("Members have put together these questions for the partnership.")],
        partners: partners
            .iter()
            .map(|(name, short)| PartnerDraft {
                name: name.to_string(),
                short_name: short.to_string(),
                ..PartnerDraft::default()
            })
            .collect(),
        sections: (0..n.div_ceil(100))
            .map(|s| SectionDraft {
                title: format!("Theme {}", s + 1),
                questions: (s * 100..(s * 100 + 100).min(n))
                    .map(|q| QuestionDraft {
                        text: format!("Question {} about funding, partnership working and local crime trends?", q + 1),
                        context: if q % 7 == 0 {
                            vec![Paragraph::plain("Members are aware that resources have changed.")]
                        } else {
                            Vec::new()
                        },
                        responses: vec![ResponseDraft {
                            partners: match q % 10 {
                                0 => vec!["Police".into(), "PCC".into()],
                                1..=3 => vec!["Police".into()],
                                _ => vec!["EDC".into()],
                            },
                            label: None,
                            status: if q % 3 == 0 { Status::NotStarted } else { Status::Approved },
                            due: None,
                            paragraphs: if q % 3 == 0 {
                                Vec::new()
                            } else {
                                vec![
                                    Paragraph::parse("The partnership's **spend profile** is attached; *see the appendix*."),
                                    Paragraph::parse("- Action groups meet monthly"),
                                    Paragraph::parse("- Spend is monitored quarterly"),
                                ]
                            },
                        }],
                        ..QuestionDraft::default()
                    })
                    .collect(),
                ..SectionDraft::default()
            })
            .collect(),
        ..ReviewDraft::default()
    }
}
