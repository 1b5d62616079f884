// Text cues for AI priority. Points: ≥ 3 urgent, ≥ 1 high, ≤ -1 low. A group counts once,
// so "down … outage … down" is one outage, not three.

export interface Cue {
  group: string;
  pattern: RegExp;
  points: number;
  reason: string;
  /** a question or request only lowers priority when nothing in the message is a problem */
  onlyWithoutProblem?: boolean;
}

const cue = (group: string, points: number, reason: string, pattern: RegExp, onlyWithoutProblem = false): Cue => ({
  group,
  pattern,
  points,
  reason,
  onlyWithoutProblem,
});

export const PRIORITY_CUES: Cue[] = [
  // Calm-downs first: "not urgent" must not count as "urgent".
  cue(
    "calm",
    -2,
    "explicitly not urgent",
    /\b(no rush|not urgent|no hurry|whenever you (get a chance|can|have time)|low priority|not (a )?blocker|not blocking|when you (get|have) a (chance|moment)|no urgency|nothing needed)\b/i,
  ),
  cue(
    "outage",
    3,
    "outage",
    /\b(outage|(is|are|went|gone|been|it's|its|completely|totally|all|everything) down\b|(?<![-\w])down (for|again)\b|not loading for|(can'?t|cannot|unable to) load|nothing (is )?(loading|loads|works|working|new)|service unavailable|unreachable|5[0-9]{2}s\b|50[0-9] (errors?|bad gateway|gateway)|error rate|(times?|timing) out on every|stalled|crash(es)? on (launch|start)|blank (screen|page|white)|dead in the water)/i,
  ),
  cue(
    "data-loss",
    3,
    "data loss",
    /\b(data loss|lost (all |our |the |my |\d+ days of )?(data|records|messages|history|files|orders|conversations)|(data|records|history|messages|conversations) (is |are |were |was |got |have )?(gone|deleted|wiped|missing|lost)|wiped|overwr(o|i)te|overwritten|deleted (everything|all|our|a workspace)|removed (our|all)|disappeared|restore (it|from|our)|roll ?back|any backup)/i,
  ),
  cue(
    "security",
    3,
    "security incident",
    /\b((data|security|possible) breach|been breached|compromised|hacked|leak(ed|ing)?\b|unauthori[sz]ed|exposed|phishing|vulnerabilit(y|ies)|cve-|account takeover|ransom|unknown (admin|users?|logins?)|logged into .{0,40} from|(other|another) (customers?|compan(y|ies)|users?)'?s? (data|tickets|invoices|conversations)|in plain text|should have been masked|wrong customer accounts?)/i,
  ),
  cue("production", 1.5, "production impact", /\b(prod(uction)?|live (site|system|customers|stores))\b/i),
  cue(
    "everyone",
    1.5,
    "affects many users",
    /\b(all (of )?(our |the )?([\w-]+ ){0,2}(users|customers|agents|employees|staff|stores|practitioners|transactions|orders)|every(one|body)|every (transaction|request|call|attempt|page|agent)|(nobody|no one|none of (our|the) \w+) (can|on)|entire (team|company|org)|whole (team|company|org|support))\b/i,
  ),
  cue(
    "urgent-word",
    2,
    "marked urgent",
    /(?<!\b(not|no|isn'?t|nothing|non)[- ](very |that |super |too )?)\b(urgent(ly)?|asap|a\.s\.a\.p|emergency|sev ?[01]|p0|p1)\b/i,
  ),
  cue("immediate", 1, "asks for immediate action", /\b(immediately|right away|right now|within the hour|call me)\b/i),
  cue(
    "blocked",
    1.5,
    "work is blocked",
    /\b(blocked|blocking|blocker|can('?t| ?not) (work|proceed|continue|ship|release|launch|go live|pay|send|start)|halted|losing (sales|money|revenue|messages)|costing us|piling up)\b/i,
  ),
  cue(
    "login",
    1.5,
    "cannot log in",
    /\b((can'?t|cannot|unable to|not able to) (log ?in|sign ?in|login|access)|locked out|logged out|login (is )?(broken|failing|fails)|sso (is )?(broken|failing|down)|2fa|two-factor)/i,
  ),
  cue(
    "money",
    1,
    "billing problem",
    /\b(payments? (are |is )?(failing|failed|declined|not going through)|charged twice|double charged|overcharged|billed for|invoices? (is |are )?wrong|wrong amounts?|billing (error|failure|dispute)|refund)/i,
  ),
  cue(
    "compliance",
    1,
    "legal or compliance exposure",
    /\b(gdpr|compliance|legal|auditors?|audit|regulator|subject access|dpa|soc ?2|hipaa)\b/i,
  ),
  cue(
    "deadline",
    1,
    "time pressure",
    /\b(deadline|due (in|by|on)|by (today|tomorrow|eod|end of (the )?day|monday|friday|thursday)|today|tonight|tomorrow|this (morning|afternoon)|go(ing)?[- ]live|launch(ing)?|before (monday|friday|the|our))\b/i,
  ),
  cue(
    "regression",
    0.7,
    "regression after a change",
    /\bsince (the|your|our|last|yesterday|this|friday|monday|tuesday)\b|\bafter (the|your) (last |latest )?(update|upgrade|release|deploy|change)/i,
  ),
  cue(
    "broken",
    0.7,
    "something is broken",
    /\b(error|errors|broken|broke|bug|crash(es|ed|ing)?|fail(s|ed|ing|ure)?|not working|doesn'?t work|does not work|isn'?t working|stopped|timeout|times out|timing out|exception|wrong|stuck|duplicate|twice|can'?t|cannot|unable)\b/i,
  ),
  cue(
    "anger",
    1,
    "frustrated customer",
    /\b(unacceptable|ridiculous|furious|frustrat(ed|ing)|angry|disappointed|terrible|awful|third time|twice already|again and again|still (not|broken|waiting|no|nothing|have nothing)|no ?(one|body) (has )?(replied|responded|answered)|escalat(e|ing|ion)|complain(ed|ts?)|cancel (our|my|the) (contract|subscription|account)|churn|competitor)\b/i,
  ),
  cue(
    "question",
    -1.2,
    "a how-to question",
    /(^|[.!?]\s+)(how|is there|are there|is it|do you|does|can (i|we|you)|could (i|we)|where|what|which|would it be)\b|\b(how (do|can|should|would) (i|we|you)|how to|is (it|there) (a way|possible)|what is the best way|question about|quick question|wondering|curious|any docs)\b/i,
    true,
  ),
  cue(
    "request",
    -1.2,
    "a feature request or feedback",
    /\b(feature request|would be (nice|great|helpful|cool)|it would be great|would love|we'?d love|suggestion|wish(list)?|could you (add|consider|recommend|point|share|send)|nice to have|feedback|idea|maybe|could it be|typo|roadmap|at some point)\b/i,
    true,
  ),
  cue(
    "courtesy",
    -1,
    "thanks or information only",
    /^\s*(thanks|thank you|thx|great,? thanks|perfect|got it|fyi|heads up|love|just (a heads up|letting you know|fyi|wanted to say))\b|\b(thanks for|love the|happy with|team is happy)\b/i,
    true,
  ),
];
