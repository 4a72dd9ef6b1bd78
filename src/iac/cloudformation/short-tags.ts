/**
 * The short-form intrinsic tags of CloudFormation YAML. Declared so the parser keeps them as
 * tags on the nodes instead of warning about them.
 */
export const SHORT_TAGS = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Select',
  'Split',
  'ImportValue',
  'FindInMap',
  'Base64',
  'Cidr',
  'GetAZs',
  'And',
  'Equals',
  'Not',
  'Or',
  'Condition',
  'Transform',
  'ToJsonString',
  'Length',
].flatMap((name) =>
  (['scalar', 'seq', 'map'] as const).map((collection) => ({
    tag: `!${name}`,
    ...(collection === 'scalar' ? {} : { collection }),
    resolve: (value: unknown) => value,
  })),
);
