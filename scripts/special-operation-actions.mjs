// Actions that src/catalog/special-operations.ts maps events to in code rather than through
// event-actions.json (PartiQL statements, TransactWriteItems items, ReEncrypt, CopyObject).
// An action some event maps to is never "permission-only" for want of a same-named operation.
export const specialOperationActions = [
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLSelect',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  's3:GetObject',
  's3:PutObject',
];
