//! A partner's questions as a Word form, for partners without the app.
//! Each answer sits in a bordered box under its question: a rich-text
//! content control whose tag names the answer, and, for word processors
//! that drop content-control tags (LibreOffice does), the same name as
//! hidden text in the label above the box. The review, partner and pack
//! are in the document's custom properties. The sign-off has boxes of its
//! own at the end.

use chrono::{DateTime, NaiveDate, Utc};

use super::docx::{
    Body, Para, Parts, W_NS, XML_DECL, app_xml, content_types, document_rels, font_table_xml,
    numbering_part, package_rels, settings_xml, styles_part, styles_xml,
};
use super::xml::push_escaped;
use crate::error::Result;
use crate::formats::pack::PackContent;
use crate::model::Decision;
use crate::text::{Paragraph, Run, long_date};

/// What an empty answer box shows until the partner types in it.
pub const ANSWER_PROMPT: &str = "Type your answer here.";
/// What an empty sign-off box shows.
pub const SIGNOFF_PROMPT: &str = "Type here.";
/// The form format this version writes and reads. Version 2 forms name
/// their pack and carry a token made from its secret; version 1 forms are
/// refused.
pub const FORM_VERSION: u32 = 2;

/// The names hidden in the form, tying each box to what it holds.
pub fn answer_tag(assignment: i64, base: Option<i64>, number: u32) -> String {
    format!("kloe:answer:{assignment}:{}:{number}", base.unwrap_or(0))
}

/// A box of a response to a recommendation: the council's response, the
/// save the pack gave it, and which part ("decision", "text", "lead",
/// "target").
pub fn rec_tag(response: i64, base: Option<i64>, part: &str) -> String {
    format!("kloe:rec:{response}:{}:{part}", base.unwrap_or(0))
}

/// What an empty decision box shows until the partner chooses.
pub const DECISION_PROMPT: &str = "Choose a decision.";
/// What an empty target date box shows.
pub const DATE_PROMPT: &str = "Choose or type a date.";

pub const SIGNOFF_FIELDS: [(&str, &str); 3] = [
    ("kloe:signoff:name", "Signed off by (name)"),
    ("kloe:signoff:role", "Role"),
    ("kloe:signoff:date", "Date (for example 14 March 2026)"),
];

pub(crate) fn write(content: &PackContent, issued_at: DateTime<Utc>) -> Result<Vec<u8>> {
    let mut body = Body::new();
    body.text(
        Para {
            style: Some("Title"),
            ..Para::default()
        },
        &content.title,
    );
    body.text(
        Para {
            style: Some("Subtitle"),
            ..Para::default()
        },
        &format!("Questions for {}", content.partner.name),
    );
    let earliest_due = content.questions.iter().filter_map(|q| q.due).min();
    let mut guide = String::from(
        "Please type each answer in the box under its question. Keep the boxes where they are: they tell the council's KLOE Workbook which answer is which. Fill in the sign-off at the end, save this document as a Word document (.docx) and send it back.",
    );
    if let Some(due) = earliest_due {
        guide.push_str(&format!(
            " The first answers are due by {}.",
            long_date(due)
        ));
    }
    body.text(Para::default(), &guide);

    let mut section: Option<&str> = None;
    for q in &content.questions {
        if section != Some(q.section.as_str()) {
            section = Some(&q.section);
            body.text(
                Para {
                    style: Some("Heading1"),
                    keep_next: true,
                    ..Para::default()
                },
                &q.section,
            );
        }
        for p in &q.context {
            body.rich(
                Para {
                    style: Some("KloeContext"),
                    ..Para::default()
                },
                p,
            );
        }
        body.text(
            Para {
                style: Some("Heading2"),
                keep_next: true,
                ..Para::default()
            },
            &format!("Question {}. {}", q.number, q.text),
        );
        let note = Para {
            style: Some("KloeNote"),
            ..Para::default()
        };
        for p in &q.notes {
            body.rich(note, p);
        }
        joint_note(&mut body, "answer", &q.joint_with);
        let mut label = q.label.clone();
        if let Some(due) = q.due {
            label.push_str(&format!(" (due by {})", long_date(due)));
        }
        let tag = answer_tag(q.assignment.0, q.base_revision.map(|r| r.0), q.number);
        marked_label(&mut body, &label, &tag);
        answer_box(
            &mut body,
            &tag,
            &format!("Answer to question {}", q.number),
            &q.response,
            ANSWER_PROMPT,
        );
    }

    if !content.recommendations.is_empty() {
        recommendations(&mut body, content);
    }

    body.text(
        Para {
            style: Some("Heading1"),
            keep_next: true,
            ..Para::default()
        },
        "Sign-off",
    );
    body.text(
        Para::default(),
        &format!(
            "The person at {} who approved these answers for the committee.",
            content.partner.name
        ),
    );
    for (tag, label) in SIGNOFF_FIELDS {
        marked_label(&mut body, label, tag);
        answer_box(&mut body, tag, label, &[], SIGNOFF_PROMPT);
    }

    let document = format!(
        "{XML_DECL}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{}\
         <w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/>\
         <w:cols w:space=\"708\"/><w:docGrid w:linePitch=\"360\"/></w:sectPr></w:body></w:document>",
        body.into_xml()
    );

    let mut parts = Parts::default();
    parts.add("word/document.xml", document.into_bytes());
    parts.add("word/styles.xml", styles_part(&styles_xml()).into_bytes());
    parts.add("word/numbering.xml", numbering_part().into_bytes());
    parts.add("word/settings.xml", settings_xml().into_bytes());
    parts.add("word/fontTable.xml", font_table_xml().into_bytes());
    parts.add(
        "word/_rels/document.xml.rels",
        document_rels(&[
            ("rId1".into(), "styles", "styles.xml".into()),
            ("rId2".into(), "numbering", "numbering.xml".into()),
            ("rId3".into(), "settings", "settings.xml".into()),
            ("rId4".into(), "fontTable", "fontTable.xml".into()),
        ])
        .into_bytes(),
    );
    parts.add(
        "docProps/core.xml",
        core_xml(content, issued_at).into_bytes(),
    );
    parts.add("docProps/app.xml", app_xml().into_bytes());
    parts.add(
        "docProps/custom.xml",
        custom_xml(content, issued_at).into_bytes(),
    );
    parts.add("_rels/.rels", package_rels(true).into_bytes());
    let types = content_types(&parts, &[]);
    parts
        .files
        .insert(0, ("[Content_Types].xml".into(), types.into_bytes()));
    parts.zip(issued_at)
}

/// The committee's recommendations the partner owes a response to: for
/// each, a decision to choose from a list, what will be done, the lead
/// officer and the target date, each in a box of its own.
fn recommendations(body: &mut Body, content: &PackContent) {
    body.text(
        Para {
            style: Some("Heading1"),
            keep_next: true,
            ..Para::default()
        },
        "Recommendations",
    );
    body.text(
        Para::default(),
        &format!(
            "The committee's recommendations that {} is asked to respond to. For each, choose a decision, say what will be done, who leads it and by when.",
            content.partner.name
        ),
    );
    for r in &content.recommendations {
        body.text(
            Para {
                style: Some("Heading2"),
                keep_next: true,
                ..Para::default()
            },
            &format!("Recommendation {}", r.reference),
        );
        for p in &r.text {
            body.rich(Para::default(), p);
        }
        joint_note(body, "response", &r.joint_with);
        let note = Para {
            style: Some("KloeNote"),
            ..Para::default()
        };
        if let Some(due) = r.due {
            body.text(note, &format!("The response is due by {}.", long_date(due)));
        }
        let base = r.base_revision.map(|b| b.0);
        let tag = |part| rec_tag(r.response.0, base, part);
        let what = |label: &str| format!("{label} ({})", r.reference);

        let decision = tag("decision");
        marked_label(body, "Decision", &decision);
        decision_box(body, &decision, &what("Decision"), r.words.decision);

        let text = tag("text");
        marked_label(body, "What will be done", &text);
        answer_box(
            body,
            &text,
            &what("What will be done"),
            &r.words.text,
            ANSWER_PROMPT,
        );

        let lead = tag("lead");
        marked_label(body, "Lead officer", &lead);
        let lead_words: Vec<Paragraph> = r
            .words
            .lead_officer
            .iter()
            .map(|l| Paragraph::plain(l.as_str()))
            .collect();
        answer_box(
            body,
            &lead,
            &what("Lead officer"),
            &lead_words,
            SIGNOFF_PROMPT,
        );

        let target = tag("target");
        marked_label(body, "Target date", &target);
        date_box(body, &target, &what("Target date"), r.words.target);
    }
}

/// Who else may write a joint answer or response, as a note above its box.
fn joint_note(body: &mut Body, what: &str, joint_with: &[String]) {
    if !joint_with.is_empty() {
        body.text(
            Para {
                style: Some("KloeNote"),
                ..Para::default()
            },
            &format!(
                "A joint {what} with {}: either of you may write it.",
                joint_with.join(" and ")
            ),
        );
    }
}

/// The decisions a form offers, as the form shows them.
pub fn decision_names() -> impl Iterator<Item = (Decision, String)> {
    Decision::ALL
        .iter()
        .map(|d| (*d, crate::text::capitalised(d.label())))
}

/// A box holding a drop-down list of the decisions.
fn decision_box(body: &mut Body, tag: &str, alias: &str, chosen: Option<Decision>) {
    let mut list = String::from("<w:dropDownList>");
    for (d, name) in decision_names() {
        list.push_str("<w:listItem w:displayText=\"");
        push_escaped(&mut list, &name);
        list.push_str(&format!("\" w:value=\"{}\"/>", d.as_str()));
    }
    list.push_str("</w:dropDownList>");
    let shown = chosen.map(|d| crate::text::capitalised(d.label()));
    inline_control_box(body, tag, alias, &list, shown.as_deref(), DECISION_PROMPT);
}

/// A box holding a date picker.
fn date_box(body: &mut Body, tag: &str, alias: &str, day: Option<NaiveDate>) {
    let full = day
        .map(|d| format!(" w:fullDate=\"{}T00:00:00Z\"", d.format("%Y-%m-%d")))
        .unwrap_or_default();
    let picker = format!(
        "<w:date{full}><w:dateFormat w:val=\"d MMMM yyyy\"/><w:lid w:val=\"en-GB\"/>\
         <w:storeMappedDataAs w:val=\"dateTime\"/><w:calendar w:val=\"gregorian\"/></w:date>"
    );
    let shown = day.map(long_date);
    inline_control_box(body, tag, alias, &picker, shown.as_deref(), DATE_PROMPT);
}

/// A one-cell bordered table holding a paragraph with one inline content
/// control of the kind `kind` (a drop-down list or a date picker) showing
/// `shown`, or `prompt` as its placeholder.
fn inline_control_box(
    body: &mut Body,
    tag: &str,
    alias: &str,
    kind: &str,
    shown: Option<&str>,
    prompt: &str,
) {
    box_start(body);
    body.raw("<w:p><w:sdt><w:sdtPr><w:alias w:val=\"");
    body.escaped(alias);
    body.raw("\"/><w:tag w:val=\"");
    body.escaped(tag);
    body.raw("\"/>");
    if shown.is_none() {
        body.raw("<w:showingPlcHdr/>");
    }
    body.raw(kind);
    body.raw("</w:sdtPr><w:sdtContent><w:r>");
    if shown.is_none() {
        body.raw("<w:rPr><w:i/><w:iCs/></w:rPr>");
    }
    body.raw("<w:t xml:space=\"preserve\">");
    body.escaped(shown.unwrap_or(prompt));
    body.raw("</w:t></w:r></w:sdtContent></w:sdt></w:p>");
    box_end(body);
}

/// The label above a box, with the box's name hidden in it.
fn marked_label(body: &mut Body, label: &str, tag: &str) {
    body.raw("<w:p><w:pPr><w:pStyle w:val=\"KloeResponseLabel\"/><w:keepNext/></w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">");
    body.escaped(label);
    body.raw("</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space=\"preserve\"> [");
    body.escaped(tag);
    body.raw("]</w:t></w:r></w:p>");
}

/// A one-cell bordered table holding a rich-text content control.
fn answer_box(body: &mut Body, tag: &str, alias: &str, text: &[Paragraph], prompt: &str) {
    box_start(body);
    body.raw("<w:sdt><w:sdtPr><w:alias w:val=\"");
    body.escaped(alias);
    body.raw("\"/><w:tag w:val=\"");
    body.escaped(tag);
    body.raw("\"/>");
    let empty = text.iter().all(Paragraph::is_blank);
    if empty {
        body.raw("<w:showingPlcHdr/>");
    }
    body.raw("<w:richText/></w:sdtPr><w:sdtContent>");
    if empty {
        body.paragraph(
            Para {
                italic: true,
                ..Para::default()
            },
            &[Run::plain(prompt)],
        );
    } else {
        for p in text {
            body.rich(Para::default(), p);
        }
    }
    body.raw("</w:sdtContent></w:sdt>");
    box_end(body);
}

/// Opens a box: a one-cell bordered, shaded table.
fn box_start(body: &mut Body) {
    let border = "w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"5B6B7F\"";
    body.raw(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>\
         <w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/>\
         </w:tblBorders><w:tblCellMar><w:top w:w=\"100\" w:type=\"dxa\"/><w:left w:w=\"120\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"100\" w:type=\"dxa\"/><w:right w:w=\"120\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr>\
         <w:tblGrid><w:gridCol w:w=\"9026\"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w=\"5000\" w:type=\"pct\"/>\
         <w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F4F7FB\"/></w:tcPr>"
    ));
}

/// Closes a box.
fn box_end(body: &mut Body) {
    body.raw("</w:tc></w:tr></w:tbl>");
    // Word needs a paragraph between neighbouring tables.
    body.raw("<w:p/>");
}

fn core_xml(content: &PackContent, issued_at: DateTime<Utc>) -> String {
    let stamp = issued_at.format("%Y-%m-%dT%H:%M:%SZ");
    let mut xml = format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>"
    );
    push_escaped(
        &mut xml,
        &format!("{}: questions for {}", content.title, content.partner.name),
    );
    xml.push_str(&format!(
        "</dc:title><dc:language>en-GB</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{stamp}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{stamp}</dcterms:modified><cp:revision>1</cp:revision></cp:coreProperties>"
    ));
    xml
}

/// The custom properties naming the review, partner and pack.
pub fn custom_properties(
    content: &PackContent,
    issued_at: DateTime<Utc>,
) -> Vec<(&'static str, String)> {
    vec![
        ("KloeForm", FORM_VERSION.to_string()),
        ("KloeReview", content.review_uid.clone()),
        ("KloeReviewTitle", content.title.clone()),
        ("KloePartner", content.partner.id.0.to_string()),
        ("KloePartnerName", content.partner.name.clone()),
        ("KloePartnerShortName", content.partner.short_name.clone()),
        ("KloeIssued", issued_at.to_rfc3339()),
        ("KloePack", content.pack_id.clone()),
        (
            "KloeToken",
            crate::formats::pack::key::unhex(&content.key)
                .map(|k| {
                    crate::formats::pack::key::hex(&crate::formats::pack::key::form_token(
                        &k,
                        &content.pack_id,
                    ))
                })
                .unwrap_or_default(),
        ),
    ]
}

fn custom_xml(content: &PackContent, issued_at: DateTime<Utc>) -> String {
    let mut xml = format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
    );
    for (pid, (name, value)) in (2..).zip(custom_properties(content, issued_at)) {
        xml.push_str(&format!(
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{pid}\" name=\"{name}\"><vt:lpwstr>"
        ));
        push_escaped(&mut xml, &value);
        xml.push_str("</vt:lpwstr></property>");
    }
    xml.push_str("</Properties>");
    xml
}
