// Assembles a design from validated answers: profile → decisions → flow → operations, risks,
// cost and plan. Pure: the same answers always give the same design.

import type { DesignAnswers } from './answers';
import { estimateCost, type CostEstimate } from './cost';
import { decide, type Decisions } from './decide';
import { buildFlow, type Flow } from './flow';
import { buildMetrics, buildQualityGates, buildRecovery, type Metric, type QualityGate, type RecoveryItem } from './operations';
import { buildOpenQuestions, buildPlan, type Phase } from './plan';
import { buildProfile, type Profile } from './profile';
import { buildRisks, type Risk } from './risks';
import { buildSecurity, type SecurityItem } from './security';

export interface Design {
  name: string;
  answers: DesignAnswers;
  /** What the workspace hints filled in, for the overview. */
  filledFromWorkspace: string[];
  profile: Profile;
  decisions: Decisions;
  flow: Flow;
  qualityGates: QualityGate[];
  recovery: RecoveryItem[];
  metrics: Metric[];
  security: SecurityItem[];
  risks: Risk[];
  cost: CostEstimate;
  plan: Phase[];
  openQuestions: string[];
}

export function buildDesign(answers: DesignAnswers, filledFromWorkspace: string[] = []): Design {
  const profile = buildProfile(answers);
  const decisions = decide(profile);
  const flow = buildFlow(profile, decisions);
  return {
    name: answers.name,
    answers,
    filledFromWorkspace,
    profile,
    decisions,
    flow,
    qualityGates: buildQualityGates(profile, decisions, flow),
    recovery: buildRecovery(profile, decisions, flow),
    metrics: buildMetrics(profile, decisions),
    security: buildSecurity(profile, decisions),
    risks: buildRisks(profile, decisions),
    cost: estimateCost(profile, decisions),
    plan: buildPlan(profile, decisions),
    openQuestions: buildOpenQuestions(profile, decisions),
  };
}

/** Every decision in document order: architecture first, then per-source, then loading. */
export function listDecisions(decisions: Decisions) {
  return [
    decisions.pattern,
    decisions.transform,
    decisions.orchestration,
    ...decisions.sources.map((s) => s.ingestion),
    decisions.interval,
    ...decisions.sources.map((s) => s.extraction),
    decisions.load,
  ];
}
