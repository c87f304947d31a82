// A stand-in for the desktop shell, for tests of the screens in a browser.
// It keeps reviews in memory and follows the core's rules where the screens
// can see them: statuses move only as ALLOWED_NEXT says, first words start a
// draft, editing an approved answer reopens it, numbers follow position,
// text is never discarded without being asked to, a restore is a new
// revision.
import type { Backend } from './api';
import type {
  AssignmentDoc, BackupInfo, DayCounts, MergeChange, MergePlan, Owed, Paragraph, PartnerProgress, QuestionDoc, Reading, ReviewDoc, ReviewSummary,
  Revision, SectionDoc, Settings, SignOff, Status, Tracker,
} from './bindings';
import { ALLOWED_NEXT, OUTSTANDING, SETTLED, STATUS_LABELS } from './bindings';

const fail = (code: string, message: string) => ({ code, message });

export function fakeBackend(seed: ReviewDoc): Backend {
  const reviews: ReviewDoc[] = [structuredClone(seed)];
  const revisions = new Map<string, Revision[]>();
  let nextId = 10_000;
  const id = () => String(nextId++);
  const now = () => new Date().toISOString();

  const review = (rid: string) => {
    const r = reviews.find((x) => x.id === rid);
    if (!r) throw fail('not_found', `There is no review ${rid}.`);
    return r;
  };
  const questionsOf = (r: ReviewDoc) => r.sections.flatMap((s) => s.questions);
  const renumber = (r: ReviewDoc) => questionsOf(r).forEach((q, i) => (q.number = i + 1));
  const findSection = (sid: string): [ReviewDoc, SectionDoc] => {
    for (const r of reviews) for (const s of r.sections) if (s.id === sid) return [r, s];
    throw fail('not_found', `There is no section ${sid}.`);
  };
  const findQuestion = (qid: string): [ReviewDoc, SectionDoc, QuestionDoc] => {
    for (const r of reviews) for (const s of r.sections) for (const q of s.questions) if (q.id === qid) return [r, s, q];
    throw fail('not_found', `There is no question ${qid}.`);
  };
  const findAssignment = (aid: string): [ReviewDoc, QuestionDoc, AssignmentDoc] => {
    for (const r of reviews) for (const q of questionsOf(r)) for (const a of q.assignments) if (a.id === aid) return [r, q, a];
    throw fail('not_found', `No assignment with id ${aid}.`);
  };
  const today = () => now().slice(0, 10);
  const exported = new Set<string>();
  let settings: Settings = { author: null, placeholder: 'Response awaited', clear_days: 5 };
  // Every status an assignment has been at, and on which day.
  const log: { day: string; assignment: string; status: Status }[] = [];
  const logged = (a: AssignmentDoc) => log.push({ day: today(), assignment: a.id, status: a.status });
  for (const q of reviews[0]?.sections.flatMap((s) => s.questions) ?? []) {
    for (const a of q.assignments) log.push({ day: seed.created_at.slice(0, 10), assignment: a.id, status: a.status });
  }
  const zero = (): Record<Status, number> => ({ not_started: 0, drafting: 0, submitted: 0, approved: 0, not_required: 0, answered_elsewhere: 0 });
  const outstanding = (s: Status) => OUTSTANDING.includes(s);
  const touch = (r: ReviewDoc) => (r.updated_at = now());
  const summary = (r: ReviewDoc): ReviewSummary => {
    const all = questionsOf(r).flatMap((q) => q.assignments);
    return {
      id: r.id, title: r.title, meeting_date: r.meeting_date, status: r.status, is_sample: r.is_sample,
      questions: questionsOf(r).length, assignments: all.length,
      settled: all.filter((a) => SETTLED.includes(a.status)).length,
      updated_at: r.updated_at,
      ...(r.pack ? { answering_for: r.pack.partner_name } : {}),
    };
  };
  const save = (aid: string, paragraphs: Paragraph[]) => {
    const [r, , a] = findAssignment(aid);
    if (JSON.stringify(a.response) === JSON.stringify(paragraphs)) {
      return { revision: a.revision, changed: false, status: a.status };
    }
    a.response = structuredClone(paragraphs);
    a.revision = id();
    if (a.status === 'not_started' || a.status === 'not_required' || a.status === 'approved') {
      a.status = 'drafting';
      logged(a);
    }
    const list = revisions.get(aid) ?? [];
    list.push({ id: a.revision, assignment: aid, paragraphs: a.response, author: 'Test Officer', saved_at: now(), signoff: null });
    revisions.set(aid, list);
    touch(r);
    return { revision: a.revision, changed: true, status: a.status };
  };
  const emptyReview = (title: string, meeting: string | null): ReviewDoc => ({
    id: id(), title, subtitle: null, committee: null, partnership: null, meeting_date: meeting, financial_year: null,
    status: 'in_progress', is_sample: false, previous_review: null, created_at: now(), updated_at: now(), intro: [],
    partners: [], sections: [], appendices: [],
  });
  const newAssignment = (r: ReviewDoc, partners: string[], label: string | null, due: string | null): AssignmentDoc => {
    const names = partners.map((p) => r.partners.find((x) => x.id === p));
    const fallback = names.length === 1 ? (names[0]?.label ?? '') : `${names.map((n) => n?.name).join('/ ')} Response`;
    return {
      id: id(), partners, label: label?.trim() || fallback, status: 'not_started', due, response: [], revision: null,
      updated_at: now(), last_year: null,
    };
  };

  const reading = (): Reading => ({
    format: 'txt',
    encoding: 'UTF-8',
    warnings: [{ question: 12, message: 'The response label before question 12 is spread over several lines; they were read as one label.' }],
    draft: {
      title: seed.title, subtitle: seed.subtitle, committee: seed.committee, partnership: seed.partnership,
      meeting_date: seed.meeting_date, financial_year: seed.financial_year, intro: seed.intro,
      partners: seed.partners.map((p) => ({ name: p.name, short_name: p.short_name, label: p.label, aliases: p.aliases, contact_name: null, contact_email: null })),
      appendices: seed.appendices.map((a) => ({ label: a.label, title: a.title })),
      sections: seed.sections.map((s) => ({
        title: s.title, lead_in: s.lead_in, default_partners: [],
        questions: s.questions.map((q) => ({
          text: q.text, context: q.context, notes: q.notes, appendices: q.appendices,
          responses: q.assignments.map((a) => ({
            partners: a.partners.map((p) => seed.partners.find((x) => x.id === p)?.short_name ?? p),
            label: a.label, status: 'submitted' as Status, due: null, paragraphs: a.response,
          })),
        })),
      })),
    },
  });

  // The answers last returned from partner mode, as a response file holds them.
  let returned: { partner: string; signoff: SignOff | null; at: string; answers: { number: number; response: Paragraph[] }[] } | null = null;
  let merged = false;
  // Each answer as the pack gave it, by the council's assignment.
  const sent = new Map<string, Paragraph[]>();
  const plan = (): MergePlan => {
    if (!returned) throw fail('invalid', 'This file is not a KLOE partner pack, or it is damaged or incomplete; ask for it to be sent again.');
    const council = review(reviews[0]?.id ?? '');
    const partner = council.partners.find((p) => p.name === returned!.partner)!;
    const items = returned.answers.map(({ number, response }) => {
      const q = questionsOf(council).find((x) => x.number === number)!;
      const a = q.assignments.find((x) => x.partners.includes(partner.id))!;
      const same = JSON.stringify(a.response) === JSON.stringify(response);
      const base = sent.get(a.id) ?? a.response;
      const change: MergeChange = same ? 'same' : JSON.stringify(a.response) === JSON.stringify(base) ? 'update' : 'conflict';
      return { assignment: a.id, number, label: a.label, change, base, ours: a.response, ours_status: a.status, ours_author: null, theirs: response };
    });
    return {
      review: council.id, review_title: council.title, partner: partner.id, partner_name: partner.name, returned_at: returned.at,
      sequence: 1, pack_sent_at: returned.at, older_than: null, signoff: returned.signoff, already_merged_at: merged ? returned.at : null, items,
    };
  };

  const backups: { info: BackupInfo; reviews: ReviewDoc[] }[] = [];
  const keep = (reason: string, path = `/tmp/workbook backups/${now()} ${reason}.kloe`) =>
    backups.unshift({ info: { path, taken_at: now(), reason, bytes: JSON.stringify(reviews).length }, reviews: structuredClone(reviews) });

  const backend: Backend = {
    openWorkbook: async () => ({ reviews: reviews.map(summary), open_first: reviews[0]?.id ?? null }),
    listReviews: async () => reviews.map(summary),
    loadReview: async (rid) => structuredClone(review(rid)),
    newReview: async (title, meeting, reuse) => {
      if (!title.trim()) throw fail('invalid', 'Give the review a title.');
      const r = emptyReview(title.trim(), meeting);
      if (reuse) r.partners = structuredClone(reviews[0]?.partners ?? []);
      reviews.push(r);
      return r.id;
    },
    startNextYear: async (rid, title, meeting) => {
      const last = review(rid);
      const r: ReviewDoc = structuredClone(last);
      r.id = id();
      r.title = title?.trim() || last.title.replace(/\d{4}/g, (y) => String(Number(y) + 1));
      r.meeting_date = meeting;
      r.is_sample = false;
      r.previous_review = last.id;
      for (const s of r.sections) {
        s.id = id();
        for (const q of s.questions) {
          q.id = id();
          for (const a of q.assignments) {
            a.last_year = { review: last.id, label: a.label, status: a.status, response: a.response };
            Object.assign(a, { id: id(), status: 'not_started', response: [], revision: null, due: null });
          }
        }
      }
      reviews.push(r);
      return r.id;
    },
    deleteReview: async (rid) => {
      const r = review(rid);
      reviews.splice(reviews.indexOf(r), 1);
      return r.title;
    },

    saveResponse: async (aid, paragraphs) => save(aid, paragraphs),
    setStatus: async (aid, status: Status) => {
      const [r, q, a] = findAssignment(aid);
      if (a.status !== status && !ALLOWED_NEXT[a.status].includes(status)) {
        throw fail('invalid_transition', `Question ${q.number}: ${a.label} cannot go from ${STATUS_LABELS[a.status]} to ${STATUS_LABELS[status]}.`);
      }
      a.status = status;
      logged(a);
      touch(r);
      return status;
    },
    history: async (aid) => structuredClone(revisions.get(aid) ?? []),
    restoreRevision: async (aid, rev) => {
      const old = (revisions.get(aid) ?? []).find((x) => x.id === rev);
      if (!old) throw fail('not_found', `This response has no revision ${rev}.`);
      return save(aid, old.paragraphs);
    },
    tracker: async (rid): Promise<Tracker> => {
      const r = review(rid);
      const day = today();
      const totals = zero();
      const partners: PartnerProgress[] = r.partners.map((p) => ({
        id: p.id, name: p.name, short_name: p.short_name, counts: zero(), assignments: 0, outstanding: [], overdue: 0,
      }));
      let owed = 0;
      let late = 0;
      let joint = 0;
      for (const q of questionsOf(r)) {
        for (const a of q.assignments) {
          const overdue = outstanding(a.status) && a.due !== null && a.due < day;
          totals[a.status] += 1;
          owed += Number(outstanding(a.status));
          late += Number(overdue);
          joint += Number(a.partners.length > 1);
          for (const pid of a.partners) {
            const p = partners.find((x) => x.id === pid);
            if (!p) continue;
            p.counts[a.status] += 1;
            p.assignments += 1;
            if (!outstanding(a.status)) continue;
            p.overdue += Number(overdue);
            const o: Owed = {
              assignment: a.id, number: q.number, question: q.text, label: a.label, status: a.status, due: a.due, overdue,
              days_overdue: overdue && a.due ? Math.round((Date.parse(day) - Date.parse(a.due)) / 86_400_000) : 0,
              joint_with: a.partners.filter((x) => x !== pid).map((x) => r.partners.find((y) => y.id === x)?.short_name ?? x),
              late_for_meeting: false,
            };
            p.outstanding.push(o);
          }
        }
      }
      return {
        review: r.id, title: r.title, meeting_date: r.meeting_date, today: day, totals,
        assignments: questionsOf(r).reduce((n, q) => n + q.assignments.length, 0), outstanding: owed, overdue: late,
        joint_assignments: joint, papers_due: null, late_for_meeting: 0, partners,
      };
    },
    progressHistory: async (rid) => {
      const ids = new Set(questionsOf(review(rid)).flatMap((q) => q.assignments.map((a) => a.id)));
      const at = new Map<string, Status>();
      const days: DayCounts[] = [];
      for (const e of log.filter((x) => ids.has(x.assignment))) {
        at.set(e.assignment, e.status);
        const counts = zero();
        for (const s of at.values()) counts[s] += 1;
        const last = days[days.length - 1];
        if (last && last.day === e.day) last.counts = counts;
        else days.push({ day: e.day, counts });
      }
      return days;
    },
    chase: async (rid, pid) => {
      const t = await fakeBackendTracker(rid);
      const p = t.partners.find((x) => x.id === pid);
      if (!p || p.outstanding.length === 0) throw fail('invalid', `${p?.name ?? 'That partner'} owes no answers in this review, so there is nothing to chase.`);
      const n = p.outstanding.length;
      const subject = `${t.title}: ${n} ${n === 1 ? 'answer' : 'answers'} needed from ${p.name}`;
      const body = `Dear colleagues at ${p.name},\n\n${p.outstanding.map((o) => `Question ${o.number}:\n${o.question}`).join('\n\n')}\n\nThank you,\nTest Officer\n`;
      return { partner: pid, to: null, subject, body, mailto: `mailto:?subject=${encodeURIComponent(subject)}`, owed: n };
    },
    openChaseMail: async () => {},
    saveReminder: async (rid, pid) => {
      const p = (await backend.tracker(rid)).partners.find((x) => x.id === pid);
      if (!p?.outstanding.some((o) => o.due)) throw fail('invalid', `Nothing ${p?.name ?? 'that partner'} owes has a due date yet; set due dates first.`);
    },
    updateReview: async (rid, title, meeting, committee) => {
      if (!title.trim()) throw fail('invalid', 'A review needs a title.');
      const r = review(rid);
      Object.assign(r, { title: title.trim(), meeting_date: meeting, committee });
      touch(r);
    },
    proposeDueDates: async (rid, clearDays) => {
      const r = review(rid);
      if (!r.meeting_date) throw fail('invalid', 'This review has no meeting date yet; set one first, and due dates can be worked back from it.');
      // Weekdays only: the real rules (bank holidays) are the core's.
      const d = new Date(`${r.meeting_date}T12:00:00Z`);
      for (let counted = -1; counted < clearDays; ) {
        d.setUTCDate(d.getUTCDate() - 1);
        if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) counted += 1;
      }
      const proposed = d.toISOString().slice(0, 10);
      return questionsOf(r).flatMap((q) =>
        q.assignments.filter((a) => outstanding(a.status)).map((a) => ({ assignment: a.id, number: q.number, label: a.label, partners: a.partners, current: a.due, proposed })),
      );
    },
    getSettings: async () => structuredClone(settings),
    saveSettings: async (next) => {
      if (!next.placeholder.trim()) throw fail('invalid', 'The text for an answer still owed cannot be empty; it could read "Response awaited".');
      if (next.clear_days > 60) throw fail('invalid', `${next.clear_days} clear working days is more than the 60 allowed; choose a smaller number.`);
      settings = { author: next.author?.trim() || null, placeholder: next.placeholder.trim(), clear_days: next.clear_days };
      return structuredClone(settings);
    },
    addPartner: async (rid, d) => {
      const r = review(rid);
      if (!d.name.trim() || !d.short_name.trim()) throw fail('invalid', 'A partner needs a name and a short name.');
      if (r.partners.some((p) => p.short_name.toLowerCase() === d.short_name.toLowerCase())) {
        throw fail('invalid', `This review already has a partner called ${d.short_name}.`);
      }
      const p = { id: id(), name: d.name, short_name: d.short_name, label: d.label ?? `${d.short_name} Response`, aliases: d.aliases, contact_name: d.contact_name, contact_email: d.contact_email };
      r.partners.push(p);
      touch(r);
      return p.id;
    },
    updatePartner: async (pid, d) => {
      const r = reviews.find((x) => x.partners.some((p) => p.id === pid));
      const p = r?.partners.find((x) => x.id === pid);
      if (!r || !p) throw fail('not_found', `There is no partner ${pid}.`);
      Object.assign(p, { name: d.name, short_name: d.short_name, label: d.label ?? p.label, aliases: d.aliases, contact_name: d.contact_name, contact_email: d.contact_email });
      touch(r);
    },
    deletePartner: async (pid) => {
      const r = reviews.find((x) => x.partners.some((p) => p.id === pid));
      const p = r?.partners.find((x) => x.id === pid);
      if (!r || !p) throw fail('not_found', `There is no partner ${pid}.`);
      const owed = questionsOf(r).filter((q) => q.assignments.some((a) => a.partners.includes(pid))).length;
      if (owed) throw fail('invalid', `${p.name} is assigned to ${owed} question(s); unassign them before removing the partner.`);
      r.partners.splice(r.partners.indexOf(p), 1);
      touch(r);
    },
    setDueDates: async (dates) => {
      for (const [aid] of dates) findAssignment(aid);
      for (const [aid, due] of dates) findAssignment(aid)[2].due = due;
    },

    addSection: async (rid, title) => {
      if (!title.trim()) throw fail('invalid', 'Give the section a title.');
      const r = review(rid);
      const s: SectionDoc = { id: id(), title: title.trim(), lead_in: [], default_partners: [], questions: [] };
      r.sections.push(s);
      touch(r);
      return s.id;
    },
    renameSection: async (sid, title) => {
      if (!title.trim()) throw fail('invalid', 'A section needs a title.');
      const [r, s] = findSection(sid);
      s.title = title.trim();
      touch(r);
    },
    deleteSection: async (sid) => {
      const [r, s] = findSection(sid);
      r.sections.splice(r.sections.indexOf(s), 1);
      renumber(r);
      touch(r);
    },
    addQuestion: async (sid, text, position) => {
      if (!text.trim()) throw fail('invalid', 'A question needs its text.');
      const [r, s] = findSection(sid);
      const q: QuestionDoc = { id: id(), number: 0, text: text.trim(), context: [], notes: [], appendices: [], assignments: [] };
      q.assignments = s.default_partners.map((p) => newAssignment(r, [p], null, null));
      s.questions.splice(position === null ? s.questions.length : position - 1, 0, q);
      renumber(r);
      touch(r);
      return q.id;
    },
    updateQuestion: async (qid, text, context, notes) => {
      if (text !== null && !text.trim()) throw fail('invalid', 'A question needs its text.');
      const [r, , q] = findQuestion(qid);
      if (text !== null) q.text = text.trim();
      if (context !== null) q.context = context;
      if (notes !== null) q.notes = notes;
      touch(r);
    },
    deleteQuestion: async (qid) => {
      const [r, s, q] = findQuestion(qid);
      s.questions.splice(s.questions.indexOf(q), 1);
      renumber(r);
      touch(r);
    },
    moveQuestion: async (qid, number) => {
      const [r, from, q] = findQuestion(qid);
      const all = questionsOf(r);
      const target = all[number - 1];
      if (!target) throw fail('invalid', `There is no question ${number}; choose a number from 1 to ${all.length}.`);
      const [, to] = findQuestion(target.id);
      const rest = all.filter((x) => x !== q);
      const position = rest.slice(0, number - 1).filter((x) => to.questions.includes(x)).length;
      from.questions.splice(from.questions.indexOf(q), 1);
      to.questions.splice(position, 0, q);
      renumber(r);
      touch(r);
    },
    moveQuestionToSection: async (qid, sid, position) => {
      const [r, from, q] = findQuestion(qid);
      const [, to] = findSection(sid);
      from.questions.splice(from.questions.indexOf(q), 1);
      to.questions.splice(Math.min(position - 1, to.questions.length), 0, q);
      renumber(r);
      touch(r);
    },

    assign: async (qid, partners, joint, label, due) => {
      if (partners.length === 0) throw fail('invalid', 'Name at least one partner to assign the question to.');
      const [r, , q] = findQuestion(qid);
      const groups = joint ? [partners] : partners.map((p) => [p]);
      const ids: string[] = [];
      for (const g of groups) {
        const same = q.assignments.find((a) => a.partners.length === g.length && g.every((p) => a.partners.includes(p)));
        if (same) {
          if (due) same.due = due;
          ids.push(same.id);
          continue;
        }
        if (q.assignments.some((a) => a.partners.some((p) => g.includes(p)))) {
          throw fail('invalid', `Question ${q.number}: a partner already owes a response to it on other terms; unassign that first.`);
        }
        const a = newAssignment(r, g, label, due);
        q.assignments.push(a);
        ids.push(a.id);
      }
      touch(r);
      return ids;
    },
    unassign: async (aid, discard) => {
      const [r, q, a] = findAssignment(aid);
      if ((revisions.get(aid)?.length || a.response.length) && !discard) {
        throw fail('invalid', `The ${a.label} to question ${q.number} has saved text; to remove it anyway, confirm that the response is to be discarded.`);
      }
      q.assignments.splice(q.assignments.indexOf(a), 1);
      touch(r);
    },
    setDue: async (aid, due) => {
      const [r, , a] = findAssignment(aid);
      a.due = due;
      touch(r);
    },

    chooseFile: async (purpose, suggested) =>
      purpose === 'import'
        ? '/tmp/bolsover-csp-kloe-2019.txt'
        : purpose === 'template'
          ? '/tmp/council-template.docx'
          : purpose === 'openpack'
            ? '/tmp/Police-questions.kloepack'
            : purpose === 'partnerresponse'
              ? '/tmp/Derbyshire-Police-answers.kloeresponse'
              : `/tmp/${suggested ?? 'review.docx'}`,

    // Packs: a pack opens as a copy of one partner's questions; what it
    // returns is what a later merge reads. Only the first review sends packs.
    sendPack: async (rid, partner, _word, path) => {
      const r = review(rid);
      if (!questionsOf(r).some((q) => q.assignments.some((a) => a.partners.includes(partner)))) {
        throw fail('invalid', 'That partner has no questions in this review, so there is no pack to send.');
      }
      exported.add(path);
    },
    openPack: async () => {
      const council = review(reviews[0]?.id ?? '');
      const partner = council.partners.find((p) => p.short_name === 'Police') ?? council.partners[0];
      if (!partner) throw fail('invalid', 'This pack is for no partner.');
      const known = reviews.find((r) => r.pack?.partner_name === partner.name);
      const count = (r: ReviewDoc) => questionsOf(r).length;
      if (known) return { review: known.id, created: false, title: known.title, partner_name: partner.name, questions: count(known) };
      for (const q of questionsOf(council)) {
        for (const a of q.assignments) if (a.partners.includes(partner.id)) sent.set(a.id, structuredClone(a.response));
      }
      const copy: ReviewDoc = structuredClone(council);
      copy.id = id();
      copy.is_sample = false;
      copy.pack = { partner_name: partner.name, issued_at: now(), signoff: null, returned_at: null };
      copy.sections = copy.sections
        .map((s) => ({ ...s, id: id(), questions: s.questions.filter((q) => q.assignments.some((a) => a.partners.includes(partner.id))) }))
        .filter((s) => s.questions.length > 0);
      for (const q of questionsOf(copy)) {
        q.id = id();
        q.assignments = q.assignments.filter((a) => a.partners.includes(partner.id));
        for (const a of q.assignments) {
          a.id = id();
          if (a.status === 'approved' || a.status === 'submitted') a.status = a.response.length ? 'drafting' : 'not_started';
        }
      }
      reviews.push(copy);
      return { review: copy.id, created: true, title: copy.title, partner_name: partner.name, questions: count(copy) };
    },
    setSignoff: async (rid, signoff) => {
      const r = review(rid);
      if (!r.pack) throw fail('invalid', `Review ${rid} was not opened from a partner pack.`);
      if (signoff && (!signoff.name.trim() || !signoff.role.trim())) throw fail('invalid', 'A sign-off needs the name and the role of the person signing the answers off.');
      r.pack.signoff = signoff;
    },
    returnPack: async (rid, path) => {
      const r = review(rid);
      if (!r.pack) throw fail('invalid', `Review ${rid} was not opened from a partner pack, so it has no answers to return.`);
      const ready = questionsOf(r).flatMap((q) => q.assignments.filter((a) => a.status === 'submitted').map((a) => ({ q, a })));
      if (ready.length === 0) throw fail('invalid', 'No answer is marked ready yet, so there is nothing to return.');
      r.pack.returned_at = now();
      merged = false;
      returned = { partner: r.pack.partner_name, signoff: r.pack.signoff, at: now(), answers: ready.map(({ q, a }) => ({ number: q.number, response: a.response })) };
      exported.add(path);
      return {
        returned: ready.map(({ q }) => q.number),
        not_ready: questionsOf(r).filter((q) => q.assignments.some((a) => a.status === 'not_started' || a.status === 'drafting')).map((q) => q.number),
        signoff: r.pack.signoff,
      };
    },
    planMerge: async () => plan(),
    mergeResponse: async (_path, _allowOlder, choices) => {
      const p = plan();
      const chosen = new Map(choices);
      const updated: number[] = [];
      const kept: number[] = [];
      for (const i of p.items) {
        const choice = chosen.get(i.assignment);
        if (i.change === 'conflict' && !choice) throw fail('invalid', `Question ${i.number} was changed here after the pack was sent; nothing was merged.`);
        const words = i.change === 'update' ? i.theirs : choice?.take === 'partner' ? i.theirs : choice?.take === 'combined' ? choice.paragraphs : null;
        if (words) {
          save(i.assignment, words);
          const [, , a] = findAssignment(i.assignment);
          a.status = 'submitted';
          logged(a);
          updated.push(i.number);
        } else if (i.change !== 'same') kept.push(i.number);
      }
      merged = true;
      return { review: p.review, partner_name: p.partner_name, updated, kept, already_merged: false };
    },
    launchFile: async () => null,
    // Backups: a copy of the reviews as they were, restored whole.
    startupProblem: async () => null,
    recover: async () => {
      throw fail('invalid', 'The workbook opened well; there is nothing to recover.');
    },
    listBackups: async () => backups.map((b) => b.info),
    restoreBackup: async (path) => {
      const b = backups.find((x) => x.info.path === path);
      if (!b) throw fail('invalid', `${path} cannot be restored: there is no such file. Nothing was changed.`);
      keep('before restore');
      reviews.splice(0, reviews.length, ...structuredClone(b.reviews));
      return { reviews: reviews.map(summary), open_first: null };
    },
    backupNow: async (path) => {
      keep('copy', path);
      exported.add(path);
    },
    onPackOpened: () => {},
    previewExport: async (rid, options) => {
      const r = review(rid);
      const owed = options.placeholder ?? '';
      const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      return `<!doctype html><html><body><h1>${esc(r.title)}</h1>${questionsOf(r)
        .map((q) => `<h2>${q.number}. ${esc(q.text)}</h2>${q.assignments.map((a) => `<p>${esc(a.response.join(' ') || owed)}</p>`).join('')}`)
        .join('')}</body></html>`;
    },
    openExported: async (path) => {
      if (!exported.has(path)) throw fail('invalid', 'Only a document exported in this window can be opened from here.');
    },
    showExported: async (path) => {
      if (!exported.has(path)) throw fail('invalid', 'Only a document exported in this window can be opened from here.');
    },
    importPreview: async (path, onProgress) => {
      onProgress({ step: 1, steps: 1, message: `Reading ${path.split('/').pop()}` });
      return reading();
    },
    importFile: async (_path, _approved, onProgress) => {
      const draft = reading().draft;
      keep('before import');
      onProgress({ step: 2, steps: 2, message: `Saving ${draft.sections.flatMap((s) => s.questions).length} questions` });
      const r = structuredClone(seed);
      r.id = id();
      r.is_sample = false;
      for (const s of r.sections) {
        s.id = id();
        for (const q of s.questions) {
          q.id = id();
          for (const a of q.assignments) Object.assign(a, { id: id(), status: 'submitted' });
        }
      }
      reviews.push(r);
      return r.id;
    },
    exportReview: async (rid, options, _template, path, onProgress) => {
      review(rid);
      exported.add(path);
      onProgress({ step: 2, steps: 3, message: options.format === 'docx' ? 'Writing the Word document' : 'Writing the file' });
    },
  };
  const fakeBackendTracker = (rid: string) => backend.tracker(rid);
  return backend;
}
