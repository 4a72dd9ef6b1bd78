import type { IAMClient } from '@aws-sdk/client-iam';
import { awsCall } from './access-denied.js';
import { sdk } from '../sdk/require-sdk.js';

/** One (action, resource) to ask IAM's policy simulator about. */
export interface SimulatedPair {
  readonly action: string;
  /** `*` when the call names no resource. */
  readonly resource: string;
}

/** A pair the simulator did not answer `allowed` for, with what it said instead. */
export interface DeniedPair extends SimulatedPair {
  readonly decision: string;
}

/** Actions per SimulatePrincipalPolicy call, and resources per call: small enough for any ARN length. */
const ACTIONS_PER_CALL = 20;
const RESOURCES_PER_CALL = 20;

/**
 * Groups pairs into simulator batches: actions that share the same resource list go into
 * one call (each call evaluates every action against every resource), so N pairs cost far
 * fewer than N calls. Pure; exported for tests.
 */
export function batchPairs(pairs: readonly SimulatedPair[]): { actions: string[]; resources: string[] }[] {
  const byAction = new Map<string, Set<string>>();
  for (const p of pairs) {
    const set = byAction.get(p.action) ?? new Set<string>();
    set.add(p.resource);
    byAction.set(p.action, set);
  }
  const byResources = new Map<string, { actions: string[]; resources: string[] }>();
  for (const [action, set] of [...byAction].sort(([a], [b]) => a.localeCompare(b))) {
    const resources = [...set].sort();
    const key = JSON.stringify(resources);
    const group = byResources.get(key) ?? { actions: [], resources };
    group.actions.push(action);
    byResources.set(key, group);
  }
  const out: { actions: string[]; resources: string[] }[] = [];
  for (const g of byResources.values())
    for (let i = 0; i < g.actions.length; i += ACTIONS_PER_CALL)
      for (let j = 0; j < g.resources.length; j += RESOURCES_PER_CALL)
        out.push({
          actions: g.actions.slice(i, i + ACTIONS_PER_CALL),
          resources: g.resources.slice(j, j + RESOURCES_PER_CALL),
        });
  return out;
}

/**
 * Asks IAM's own policy simulator (`SimulatePrincipalPolicy`, with the role's live
 * policies and boundary) about every pair, batched; returns those whose decision is not
 * `allowed`. Paginates with Marker.
 */
export async function simulateRole(
  client: IAMClient,
  roleArn: string,
  pairs: readonly SimulatedPair[],
): Promise<DeniedPair[]> {
  const { SimulatePrincipalPolicyCommand } = sdk('@aws-sdk/client-iam');
  const denied: DeniedPair[] = [];
  for (const batch of batchPairs(pairs)) {
    let marker: string | undefined;
    do {
      const out = await awsCall(
        'SimulatePrincipalPolicyCommand',
        () =>
          client.send(
            new SimulatePrincipalPolicyCommand({
              PolicySourceArn: roleArn,
              ActionNames: batch.actions,
              // `*` is the simulator's default resource; naming it explicitly is refused for some actions.
              ...(batch.resources.length === 1 && batch.resources[0] === '*'
                ? {}
                : { ResourceArns: batch.resources }),
              ...(marker ? { Marker: marker } : {}),
            }),
          ),
        roleArn,
      );
      for (const r of out.EvaluationResults ?? []) {
        const action = r.EvalActionName ?? '?';
        const specific = r.ResourceSpecificResults ?? [];
        if (specific.length > 0) {
          for (const s of specific)
            if (s.EvalResourceDecision !== 'allowed')
              denied.push({
                action,
                resource: s.EvalResourceName ?? '*',
                decision: s.EvalResourceDecision ?? '?',
              });
        } else if (r.EvalDecision !== 'allowed') {
          denied.push({ action, resource: r.EvalResourceName ?? '*', decision: r.EvalDecision ?? '?' });
        }
      }
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
  }
  return denied;
}
