/** What a Serverless service says about its roles: plugins, default role names. */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node as YamlNode, YAMLMap } from 'yaml';
import { hasVariable } from './serverless-variables.js';
import { entry, isNull, plainString } from './yaml-nodes.js';

/** What IAM allows in a role name. */
export const ROLE_NAME = /^[A-Za-z0-9+=,.@_-]+$/;

/** The plugins a service lists (v1's `plugins.modules` too). */
export function pluginNames(root: YAMLMap): string[] {
  const plugins = entry(root, 'plugins');
  let node = plugins?.value ?? null;
  // v1 also allowed `plugins: { localPath: ..., modules: [...] }`.
  if (isMap(node)) node = entry(node, 'modules')?.value ?? null;
  if (!isSeq(node)) return [];
  return node.items.flatMap((i) => {
    const name = plainString(i as YamlNode | null);
    return name === undefined ? [] : [name];
  });
}

function scalarText(root: YAMLMap, path: readonly string[], fallback: string): string {
  let node: YamlNode | null = root;
  for (const key of path) {
    if (!isMap(node)) return fallback;
    node = entry(node, key)?.value ?? null;
  }
  return isScalar(node) && node.value !== null ? String(node.value) : fallback;
}

function serviceName(root: YAMLMap): string {
  const service = entry(root, 'service')?.value ?? null;
  // v1 also allowed `service: { name: ... }`.
  return isMap(service)
    ? scalarText(service, ['name'], '<service>')
    : scalarText(root, ['service'], '<service>');
}

/** `provider.role` or `provider.iam.role` when it names a role instead of describing one. */
export function customProviderRole(provider: YamlNode | null): string | undefined {
  if (!isMap(provider)) return undefined;
  const legacy = entry(provider, 'role');
  if (legacy && !isNull(legacy.value)) return 'provider.role';
  const iam = entry(provider, 'iam')?.value ?? null;
  const role = isMap(iam) ? entry(iam, 'role') : undefined;
  return role && !isNull(role.value) && !isMap(role.value) ? 'provider.iam.role' : undefined;
}

/** The note for the provider's shared role, with the name Serverless gives it. */
export function sharedRoleNote(root: YAMLMap): string {
  return `shared role of every function without its own, default name ${sharedRoleName(root)}`;
}

/** The name Serverless gives the shared role: `<service>-<stage>-<region>-lambdaRole`. */
export function sharedRoleName(root: YAMLMap): string {
  const stage = scalarText(root, ['provider', 'stage'], 'dev');
  const region = scalarText(root, ['provider', 'region'], 'us-east-1');
  return `${serviceName(root)}-${stage}-${region}-lambdaRole`;
}

/** The name serverless-iam-roles-per-function gives a function's role. */
export function defaultFunctionRoleName(root: YAMLMap, fn: string): string {
  const stage = scalarText(root, ['provider', 'stage'], 'dev');
  const region = scalarText(root, ['provider', 'region'], 'us-east-1');
  return `${serviceName(root)}-${stage}-${fn}-${region}-lambdaRole`;
}

/** A `resources.Resources` role's literal `RoleName`: the name it is deployed as. */
export function resourceRoleName(root: YAMLMap, logicalId: string): string | undefined {
  const resource = resourceNode(root, logicalId);
  const props = isMap(resource) ? entry(resource, 'Properties')?.value : undefined;
  const name = isMap(props) ? plainString(entry(props, 'RoleName')?.value ?? null) : undefined;
  return name !== undefined && !hasVariable(name) && ROLE_NAME.test(name) ? name : undefined;
}

/** `resources.Resources.<logicalId>`, when the service defines it. */
export function resourceNode(root: YAMLMap, logicalId: string): YamlNode | null | undefined {
  const resources = entry(root, 'resources');
  const cfn = resources && isMap(resources.value) ? entry(resources.value, 'Resources') : undefined;
  return cfn && isMap(cfn.value) ? entry(cfn.value, logicalId)?.value : undefined;
}
