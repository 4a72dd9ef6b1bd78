// Hand-checked corrections to the iamlive map, keyed by `<iam prefix>:<CloudTrail eventName>`.
// Each entry replaces whatever the map says for that operation. Keep a reason for each;
// every entry has a case in test/cases/map-event/.
export const curatedOperations = {
  // S3 Control account-level calls are logged by s3.amazonaws.com under these names;
  // deleting the configuration is authorized by the Put action (Amazon S3 API reference,
  // DeletePublicAccessBlock: "requires the s3:PutAccountPublicAccessBlock permission").
  's3:DeleteAccountPublicAccessBlock': {
    actions: ['s3:PutAccountPublicAccessBlock'],
    reason: 'S3 Control delete uses the Put action',
  },
  // Bucket-level public access block: CloudTrail says DeleteBucketPublicAccessBlock.
  's3:DeleteBucketPublicAccessBlock': {
    actions: ['s3:PutBucketPublicAccessBlock'],
    reason: 'bucket Delete*Configuration uses the matching Put',
  },
  // Amazon S3 API reference, DeleteBucketOwnershipControls: "you must have the s3:PutBucketOwnershipControls permission".
  's3:DeleteBucketOwnershipControls': {
    actions: ['s3:PutBucketOwnershipControls'],
    reason: 'bucket Delete*Configuration uses the matching Put',
  },
  // Amazon S3 API reference, DeleteBucketIntelligentTieringConfiguration: requires s3:PutIntelligentTieringConfiguration.
  's3:DeleteBucketIntelligentTieringConfiguration': {
    actions: ['s3:PutIntelligentTieringConfiguration'],
    reason: 'bucket Delete*Configuration uses the matching Put',
  },
};
