// Which IAM actions CloudTrail can see, and under which conditions. Hand-curated from AWS documentation;
// every entry names the page it comes from (title + URL). Researched against the documentation as published
// in 2024-2026 (the newest pages read show example events dated 2026-03), NOT the 2023 extract in
// shared/data/aws-docs-cloudtrail-2023, which predates most of the data-event types below.
//
// How to read it:
// - dataEventTypes: for each CloudTrail data-event resource type (the advanced-event-selector
//   `resources.type` value), the IAM actions whose use is logged ONLY as that data event. If a trail does
//   not select the type, use of these actions is invisible, so "not seen in CloudTrail" proves nothing.
// - notLoggedActions: IAM actions whose API calls CloudTrail does not record at all.
// - permissionOnlyActions: IAM actions that are never an eventName of their own; they are authorised as part
//   of another call (which may itself be a management or a data event).
// - allDataEventResourceTypes: every resources.type value listed as a data-event type in the current
//   CloudTrail User Guide. Types that have no entry in dataEventTypes have NOT been mapped to IAM actions.
//
// Dates: `since` is a launch month only where the documentation states one; otherwise null.
// `availableBy` is an upper bound taken from the eventTime of the documentation's own example event for
// that type (the feature existed no later than that month). `inBaseline2023` says whether the type is
// already in the 2023 extract of "Logging data events".
//
// Where a statement rests on a secondary source (a third-party copy or quote of the AWS page) rather than on
// AWS text read directly, the entry's comment says so.

const CT_EVENTS =
  'AWS CloudTrail User Guide, "Understanding CloudTrail events" (table "Data events supported by AWS CloudTrail")' +
  ' — https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-events.html';
const CT_DATA_EVENTS =
  'AWS CloudTrail User Guide, "Logging data events"' +
  ' — https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html';
const S3_CT_EVENTS =
  'Amazon S3 User Guide, "Amazon S3 CloudTrail events" (section "Amazon S3 data events in CloudTrail")' +
  ' — https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html';
const S3_PERMISSIONS =
  'Amazon S3 User Guide, "Required permissions for Amazon S3 API operations"' +
  ' — https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html';
const DDB_CT =
  'Amazon DynamoDB Developer Guide, "Logging DynamoDB operations by using AWS CloudTrail"' +
  ' (section "DynamoDB data plane events in CloudTrail")' +
  ' — https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/logging-using-cloudtrail.html';
const DDB_PARTIQL =
  'Amazon DynamoDB Developer Guide, "IAM security policies with PartiQL for DynamoDB"' +
  ' — https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html';
const LAMBDA_CT =
  'AWS Lambda Developer Guide, "Logging AWS Lambda API calls using AWS CloudTrail"' +
  ' (section "Lambda data events in CloudTrail")' +
  ' — https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html';
const SQS_CT =
  'Amazon SQS Developer Guide, "Logging Amazon Simple Queue Service API calls using AWS CloudTrail"' +
  ' (section "Amazon SQS data events in CloudTrail")' +
  ' — https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-logging-using-cloudtrail.html';
const SQS_ADD_PERMISSION =
  'Amazon SQS API Reference, "AddPermission" (batch actions are covered by the single-message permission)' +
  ' — https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_AddPermission.html';
const SFN_CT =
  'AWS Step Functions Developer Guide, "Recording Step Functions API calls with AWS CloudTrail"' +
  ' (section "Data events in CloudTrail")' +
  ' — https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cloud-trail.html';
const EVENTS_CT =
  'Amazon EventBridge User Guide, "Logging Amazon EventBridge API calls using AWS CloudTrail"' +
  ' (section "EventBridge data events in CloudTrail")' +
  ' — https://docs.aws.amazon.com/eventbridge/latest/userguide/logging-using-cloudtrail.html';
const BEDROCK_CT =
  'Amazon Bedrock User Guide, "Monitor Amazon Bedrock API calls using CloudTrail"' +
  ' (section "Amazon Bedrock data events in CloudTrail")' +
  ' — https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html';
const COGNITO_CT =
  'Amazon Cognito Developer Guide, "Logging Amazon Cognito API calls with AWS CloudTrail"' +
  ' (section "Identity pools events")' +
  ' — https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-info-in-cloudtrail.html';
const CW_CT =
  'Amazon CloudWatch User Guide, "Logging Amazon CloudWatch API and console operations with AWS CloudTrail"' +
  ' (section "CloudWatch data events in CloudTrail")' +
  ' — https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/logging_cw_api_calls.html';
const XRAY_CT =
  'AWS X-Ray Developer Guide, "Logging X-Ray API calls with AWS CloudTrail"' +
  ' (section "X-Ray data events in CloudTrail")' +
  ' — https://docs.aws.amazon.com/xray/latest/devguide/xray-api-cloudtrail.html';
const LOGS_CT =
  'Amazon CloudWatch Logs User Guide, "Logging CloudWatch Logs API and console operations in AWS CloudTrail"' +
  ' — https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/logging_cw_api_calls_cwl.html';
const LAKEFORMATION_CT =
  'AWS Lake Formation Developer Guide, "Security event logging in AWS Lake Formation"' +
  ' — https://docs.aws.amazon.com/lake-formation/latest/dg/security-event-logging.html';
const IAM_PASSROLE =
  'IAM User Guide, "Grant a user permissions to pass a role to an AWS service"' +
  ' — https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html';
const S3_OBJECT_LOCK =
  'Amazon S3 User Guide, "How S3 Object Lock works" (retention modes)' +
  ' — https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-overview.html';

const S3TABLES_CT =
  'Amazon S3 User Guide, "Logging with AWS CloudTrail for S3 Tables" (sections "CloudTrail management events for S3 Tables"' +
  ' and "CloudTrail data events for S3 Tables")' +
  ' — https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-tables-logging.html';
const S3TABLES_SAR =
  'Service Authorization Reference, "Actions, resources, and condition keys for Amazon S3 Tables" (GetTableData, PutTableData)' +
  ' — https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3tables.html';
const S3VECTORS_CT =
  'Amazon S3 User Guide, "Logging with AWS CloudTrail for S3 Vectors" (sections "CloudTrail management events for S3 Vectors"' +
  ' and "CloudTrail data events for S3 Vectors")' +
  ' — https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-vectors-logging.html';
const CLOUDFRONT_CT =
  'Amazon CloudFront Developer Guide, "Logging Amazon CloudFront API calls using AWS CloudTrail" (sections "CloudFront data' +
  ' events in CloudTrail", table "Data APIs logged to CloudTrail", and "CloudFront management events in CloudTrail")' +
  ' — https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/logging_using_cloudtrail.html';

const DEADLINE_CT =
  'AWS Deadline Cloud User Guide, "Logging Deadline Cloud API calls using AWS CloudTrail" (table "Data APIs logged to' +
  ' CloudTrail" and the list of management events)' +
  ' — https://docs.aws.amazon.com/deadline-cloud/latest/userguide/logging-using-cloudtrail.html';
const GAMELIFTSTREAMS_CT =
  'Amazon GameLift Streams Developer Guide, "Logging Amazon GameLift Streams API calls using AWS CloudTrail" (table' +
  ' "Data APIs logged to CloudTrail" and the list of management events)' +
  ' — https://docs.aws.amazon.com/gameliftstreams/latest/developerguide/logging-using-cloudtrail.html';
const APPCONFIG_CT =
  'AWS AppConfig User Guide, "Logging AWS AppConfig API calls using AWS CloudTrail" (table "Data APIs logged to' +
  ' CloudTrail"; "AWS AppConfig logs all AWS AppConfig control plane operations as management events")' +
  ' — https://docs.aws.amazon.com/appconfig/latest/userguide/logging-using-cloudtrail.html';
const SAGEMAKER_CT =
  'Amazon SageMaker AI Developer Guide, CloudTrail section of the multi-turn reinforcement learning model customization' +
  ' page (table "Data APIs logged to CloudTrail": AWS::SageMaker::Endpoint and AWS::SageMaker::Job; "Amazon SageMaker AI' +
  ' logs all Amazon SageMaker AI control plane operations as management events")' +
  ' — https://docs.aws.amazon.com/sagemaker/latest/dg/model-customize-mtrl.html';

const SITEWISE_CT =
  'AWS IoT SiteWise User Guide, "Logging AWS IoT SiteWise API calls with AWS CloudTrail" (section "AWS IoT SiteWise data' +
  ' events in CloudTrail", table "Data APIs logged to CloudTrail"; "AWS IoT SiteWise logs all AWS IoT SiteWise control plane' +
  ' operations as management events") — https://docs.aws.amazon.com/iot-sitewise/latest/userguide/logging-using-cloudtrail.html';
const NEPTUNE_GRAPH_CT =
  'Neptune Analytics User Guide, "Logging Neptune Analytics API calls using AWS CloudTrail" (sections on management events and' +
  ' "Data plane events in CloudTrail") — https://docs.aws.amazon.com/neptune-analytics/latest/userguide/monitoring-cloudtrail.html';
const NEPTUNE_GRAPH_SAR =
  'Service Authorization Reference, "Actions, resources, and condition keys for Amazon Neptune Analytics" (ReadDataViaQuery,' +
  ' WriteDataViaQuery, DeleteDataViaQuery: "via query APIs"; GetQueryStatus)' +
  ' — https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonneptuneanalytics.html';

// IAM actions for the S3 object-level data APIs (AWS::S3::Object, general purpose buckets). The S3 page
// lists the APIs; the IAM names follow the S3 permissions page:
//   GetObject/HeadObject/SelectObjectContent -> s3:GetObject (s3:GetObjectVersion with versionId);
//   PutObject/CreateMultipartUpload/UploadPart/CompleteMultipartUpload -> s3:PutObject;
//   CopyObject/UploadPartCopy -> s3:GetObject (source) + s3:PutObject (target);
//   DeleteObject/DeleteObjects -> s3:DeleteObject (s3:DeleteObjectVersion with versionId);
//   ListObjects(V2)/HeadBucket -> s3:ListBucket; ListObjectVersions -> s3:ListBucketVersions;
//   ListParts -> s3:ListMultipartUploadParts; the *Acl/*Tagging/*Attributes/*Torrent calls -> the
//   same-named action, with the *Version* variant when a versionId is given.
// Not listed as a data API for AWS::S3::Object, so deliberately absent: ListMultipartUploads
// (s3:ListBucketMultipartUploads) — where it is logged is not documented on the pages read.
const S3_OBJECT_ACTIONS = [
  's3:AbortMultipartUpload',
  's3:BypassGovernanceRetention',
  's3:DeleteObject',
  's3:DeleteObjectAnnotation',
  's3:DeleteObjectTagging',
  's3:DeleteObjectVersion',
  's3:DeleteObjectVersionTagging',
  's3:GetObject',
  's3:GetObjectAcl',
  's3:GetObjectAnnotation',
  's3:GetObjectAttributes',
  's3:GetObjectLegalHold',
  's3:GetObjectRetention',
  's3:GetObjectTagging',
  's3:GetObjectTorrent',
  's3:GetObjectVersion',
  's3:GetObjectVersionAcl',
  's3:GetObjectVersionAttributes',
  's3:GetObjectVersionTagging',
  's3:GetObjectVersionTorrent',
  's3:ListBucket',
  's3:ListBucketVersions',
  's3:ListMultipartUploadParts',
  's3:ListObjectAnnotations',
  's3:PutObject',
  's3:PutObjectAcl',
  's3:PutObjectAnnotation',
  's3:PutObjectLegalHold',
  's3:PutObjectRetention',
  's3:PutObjectTagging',
  's3:PutObjectVersionAcl',
  's3:PutObjectVersionTagging',
  's3:RestoreObject',
  's3:UpdateObjectEncryption',
];

/** One entry per CloudTrail data-event resource type (resources.type value) that has been mapped. */
export const dataEventTypes = [
  // --- Amazon S3 -------------------------------------------------------------------------------------------
  // S3 CloudTrail events page, table row "S3 / AWS::S3::Object": AbortMultipartUpload,
  // CompleteMultipartUpload, CopyObject, CreateMultipartUpload, DeleteObject, DeleteObjectTagging,
  // DeleteObjects, GetObject, GetObjectAcl, GetObjectAttributes, GetObjectLegalHold, GetObjectRetention,
  // GetObjectTagging, GetObjectTorrent, HeadObject, HeadBucket, ListObjectVersions, ListObjects, ListParts,
  // PutObject, PutObjectAcl, PutObjectLegalHold, PutObjectRetention, PutObjectTagging,
  // Put/Get/List/DeleteObjectAnnotation, RestoreObject, SelectObjectContent, UpdateObjectEncryption,
  // UploadPart, UploadPartCopy. The same page notes "The HeadBucket API is supported as an Amazon S3 data
  // event". So s3:ListBucket (ListObjects, HeadBucket) is data-event-only too. s3:BypassGovernanceRetention:
  // see permissionOnlyActions.
  {
    resourceType: 'AWS::S3::Object',
    service: 's3',
    eventSources: ['s3.amazonaws.com'],
    actions: S3_OBJECT_ACTIONS,
    since: null,
    inBaseline2023: true,
    source: `${S3_CT_EVENTS}; ${S3_PERMISSIONS}; ${CT_DATA_EVENTS}`,
  },
  // S3 CloudTrail events page, row "S3 Access Point / AWS::S3::AccessPoint": the object APIs above made
  // through an access point (no annotation, torrent, SelectObjectContent or UpdateObjectEncryption APIs in
  // that row), plus HeadBucket, ListObjects, ListObjectsV2 and ListObjectVersions.
  {
    resourceType: 'AWS::S3::AccessPoint',
    service: 's3',
    eventSources: ['s3.amazonaws.com'],
    actions: [
      's3:AbortMultipartUpload',
      's3:DeleteObject',
      's3:DeleteObjectTagging',
      's3:DeleteObjectVersion',
      's3:DeleteObjectVersionTagging',
      's3:GetObject',
      's3:GetObjectAcl',
      's3:GetObjectAttributes',
      's3:GetObjectLegalHold',
      's3:GetObjectRetention',
      's3:GetObjectTagging',
      's3:GetObjectVersion',
      's3:GetObjectVersionAcl',
      's3:GetObjectVersionAttributes',
      's3:GetObjectVersionTagging',
      's3:ListBucket',
      's3:ListBucketVersions',
      's3:ListMultipartUploadParts',
      's3:PutObject',
      's3:PutObjectAcl',
      's3:PutObjectLegalHold',
      's3:PutObjectRetention',
      's3:PutObjectTagging',
      's3:PutObjectVersionAcl',
      's3:PutObjectVersionTagging',
      's3:RestoreObject',
    ],
    since: null,
    inBaseline2023: true,
    source: `${S3_CT_EVENTS}; ${S3_PERMISSIONS}`,
  },
  // S3 CloudTrail events page, row "S3 Express One Zone / AWS::S3Express::Object": CreateSession plus the
  // object APIs on directory buckets. Directory-bucket object calls are authorised through the session that
  // s3express:CreateSession grants, so CreateSession is the IAM action whose use is only visible here.
  // (The S3 page gives eventSource s3express.amazonaws.com for directory-bucket management events; that the
  // data events use the same source is not stated.)
  {
    resourceType: 'AWS::S3Express::Object',
    service: 's3express',
    eventSources: ['s3express.amazonaws.com'],
    actions: ['s3express:CreateSession'],
    since: null,
    inBaseline2023: false,
    source: S3_CT_EVENTS,
  },
  // S3 CloudTrail events page, row "S3 Object Lambda / AWS::S3ObjectLambda::AccessPoint": the object APIs
  // through an Object Lambda access point plus WriteGetObjectResponse (called by the transforming Lambda
  // function). IAM names are the s3-object-lambda:* equivalents present in the IAM catalog.
  {
    resourceType: 'AWS::S3ObjectLambda::AccessPoint',
    service: 's3-object-lambda',
    eventSources: ['s3.amazonaws.com'],
    actions: [
      's3-object-lambda:AbortMultipartUpload',
      's3-object-lambda:DeleteObject',
      's3-object-lambda:DeleteObjectTagging',
      's3-object-lambda:DeleteObjectVersion',
      's3-object-lambda:DeleteObjectVersionTagging',
      's3-object-lambda:GetObject',
      's3-object-lambda:GetObjectAcl',
      's3-object-lambda:GetObjectLegalHold',
      's3-object-lambda:GetObjectRetention',
      's3-object-lambda:GetObjectTagging',
      's3-object-lambda:GetObjectVersion',
      's3-object-lambda:GetObjectVersionAcl',
      's3-object-lambda:GetObjectVersionTagging',
      's3-object-lambda:ListBucket',
      's3-object-lambda:ListBucketVersions',
      's3-object-lambda:ListMultipartUploadParts',
      's3-object-lambda:PutObject',
      's3-object-lambda:PutObjectAcl',
      's3-object-lambda:PutObjectLegalHold',
      's3-object-lambda:PutObjectRetention',
      's3-object-lambda:PutObjectTagging',
      's3-object-lambda:PutObjectVersionAcl',
      's3-object-lambda:PutObjectVersionTagging',
      's3-object-lambda:RestoreObject',
      's3-object-lambda:WriteGetObjectResponse',
    ],
    since: null,
    inBaseline2023: true,
    source: S3_CT_EVENTS,
  },

  // --- Amazon DynamoDB -------------------------------------------------------------------------------------
  // DynamoDB page, "DynamoDB data plane events in CloudTrail": BatchExecuteStatement, BatchGetItem,
  // BatchWriteItem, DeleteItem, ExecuteStatement, ExecuteTransaction, GetItem, PutItem, Query, Scan,
  // TransactGetItems, TransactWriteItems, UpdateItem. PartiQL calls (ExecuteStatement, BatchExecuteStatement,
  // ExecuteTransaction) are authorised by dynamodb:PartiQLSelect/Insert/Update/Delete (PartiQL IAM page).
  // TransactGetItems/TransactWriteItems have no IAM action of their own (absent from the IAM catalog); they
  // are authorised by the per-item actions, and a ConditionCheck inside TransactWriteItems by
  // dynamodb:ConditionCheckItem (secondary sources only; conservative to list here).
  // The CloudTrail events page adds: "For tables with streams enabled ... If you specify AWS::DynamoDB::Table
  // for the resources.type, it will log both DynamoDB table and DynamoDB streams events by default." So the
  // stream actions below are also visible through this type. DescribeStream and ListStreams are management
  // events (same DynamoDB page, "Control plane events").
  {
    resourceType: 'AWS::DynamoDB::Table',
    service: 'dynamodb',
    eventSources: ['dynamodb.amazonaws.com'],
    actions: [
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PartiQLDelete',
      'dynamodb:PartiQLInsert',
      'dynamodb:PartiQLSelect',
      'dynamodb:PartiQLUpdate',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
    ],
    alsoLogsActionsOf: ['AWS::DynamoDB::Stream'],
    since: null,
    inBaseline2023: true,
    source: `${DDB_CT}; ${DDB_PARTIQL}; ${CT_EVENTS}`,
  },
  // DynamoDB page, "DynamoDB Streams": GetRecords, GetShardIterator. The page warns that GetRecords events
  // also appear for DynamoDB-internal callers (global tables replication). A Lambda event source mapping on a
  // stream reads it with the function's execution role, so these permissions are exercised without any
  // management event.
  {
    resourceType: 'AWS::DynamoDB::Stream',
    service: 'dynamodb',
    eventSources: ['dynamodb.amazonaws.com'],
    actions: ['dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
    since: null,
    inBaseline2023: true,
    source: `${DDB_CT}; ${CT_EVENTS}`,
  },

  // --- AWS Lambda ------------------------------------------------------------------------------------------
  // Lambda page, "Lambda data events in CloudTrail": the only data API is Invoke (IAM lambda:InvokeFunction).
  // The page also says LambdaESMDisabled is a data event that IS logged by default (a service event, not a
  // caller action). Neither InvokeWithResponseStream, InvokeAsync nor function-URL invocations appear on the
  // page as data or management events (see the report; not mapped here).
  {
    resourceType: 'AWS::Lambda::Function',
    service: 'lambda',
    eventSources: ['lambda.amazonaws.com'],
    actions: ['lambda:InvokeFunction'],
    since: null,
    inBaseline2023: true,
    source: `${LAMBDA_CT}; ${CT_DATA_EVENTS}`,
  },

  // --- Amazon SQS ------------------------------------------------------------------------------------------
  // SQS page, table row "Amazon SQS queue / AWS::SQS::Queue", "Data APIs logged to CloudTrail":
  // ChangeMessageVisibility, ChangeMessageVisibilityBatch, DeleteMessage, DeleteMessageBatch,
  // GetQueueAttributes, GetQueueUrl, ListDeadLetterSourceQueues, ListQueues, ListQueueTags, ReceiveMessage,
  // SendMessage, SendMessageBatch. The *Batch calls are authorised by the single-message action
  // (AddPermission reference; the IAM catalog has no sqs:*Batch actions). A Lambda SQS event source mapping
  // polls with the function's execution role (ReceiveMessage, DeleteMessage, GetQueueAttributes), all of
  // which are data events.
  {
    resourceType: 'AWS::SQS::Queue',
    service: 'sqs',
    eventSources: ['sqs.amazonaws.com'],
    actions: [
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ListDeadLetterSourceQueues',
      'sqs:ListQueueTags',
      'sqs:ListQueues',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
    ],
    since: null,
    availableBy: '2023-11',
    inBaseline2023: false,
    source: `${SQS_CT}; ${SQS_ADD_PERMISSION}; ${CT_EVENTS}`,
  },

  // --- Amazon SNS ------------------------------------------------------------------------------------------
  // CloudTrail data-events table: "Amazon SNS Publish and PublishBatch API operations on topics" (SNS topic)
  // and "Amazon SNS Publish API operations on platform endpoints". PublishBatch is authorised by sns:Publish
  // (no sns:PublishBatch in the IAM catalog). Example event in the CloudTrail events page is dated 2023-08.
  {
    resourceType: 'AWS::SNS::Topic',
    service: 'sns',
    eventSources: ['sns.amazonaws.com'],
    actions: ['sns:Publish'],
    since: null,
    availableBy: '2023-08',
    inBaseline2023: false,
    source: `${CT_EVENTS}; ${CT_DATA_EVENTS}`,
  },
  {
    resourceType: 'AWS::SNS::PlatformEndpoint',
    service: 'sns',
    eventSources: ['sns.amazonaws.com'],
    actions: ['sns:Publish'],
    since: null,
    inBaseline2023: false,
    source: CT_EVENTS,
  },

  // --- AWS Step Functions ----------------------------------------------------------------------------------
  // Step Functions page, data-event table: state machine -> InvokeHTTPEndpoint, StartSyncExecution; activity
  // -> GetActivityTask. (The same page also repeats StartSyncExecution and GetActivityTask in its management
  // list; the table is the specific statement, so they are treated as data-event-only here.) StartExecution,
  // SendTaskSuccess/Failure/Heartbeat and the rest are management events per the same page.
  {
    resourceType: 'AWS::StepFunctions::StateMachine',
    service: 'states',
    eventSources: ['states.amazonaws.com'],
    actions: ['states:InvokeHTTPEndpoint', 'states:StartSyncExecution'],
    since: null,
    inBaseline2023: false,
    source: `${SFN_CT}; ${CT_EVENTS}`,
  },
  {
    resourceType: 'AWS::StepFunctions::Activity',
    service: 'states',
    eventSources: ['states.amazonaws.com'],
    actions: ['states:GetActivityTask'],
    since: null,
    inBaseline2023: false,
    source: `${SFN_CT}; ${CT_EVENTS}`,
  },

  // --- Amazon EventBridge ----------------------------------------------------------------------------------
  // EventBridge page: "All Amazon EventBridge API operations except PutEvents and PutPartnerEvents are
  // control plane operations." Data-event table: event bus -> PutEvents; partner event source ->
  // PutPartnerEvents; endpoint -> PutEvents via a global endpoint. The page also notes data events go only to
  // the calling account. AWS::Events::Rule is in the CloudTrail table but the EventBridge page lists no API
  // for it.
  {
    resourceType: 'AWS::Events::EventBus',
    service: 'events',
    eventSources: ['events.amazonaws.com'],
    actions: ['events:PutEvents'],
    since: null,
    availableBy: '2026-03',
    inBaseline2023: false,
    source: `${EVENTS_CT}; ${CT_EVENTS}`,
  },
  {
    resourceType: 'AWS::Events::Endpoint',
    service: 'events',
    eventSources: ['events.amazonaws.com'],
    actions: ['events:PutEvents'],
    since: null,
    inBaseline2023: false,
    source: `${EVENTS_CT}; ${CT_EVENTS}`,
  },
  {
    resourceType: 'AWS::Events::EventSource',
    service: 'events',
    eventSources: ['events.amazonaws.com'],
    actions: ['events:PutPartnerEvents'],
    since: null,
    inBaseline2023: false,
    source: `${EVENTS_CT}; ${CT_EVENTS}`,
  },

  // --- Amazon Bedrock --------------------------------------------------------------------------------------
  // Bedrock page: InvokeModel, InvokeModelWithResponseStream, Converse, ConverseStream and ListAsyncInvokes
  // are MANAGEMENT events (visible by default). Data events: InvokeModelWithBidirectionalStream,
  // GetAsyncInvoke, StartAsyncInvoke (types AWS::Bedrock::Model and AWS::Bedrock::AsyncInvoke), and "all
  // Agents for Amazon Bedrock Runtime API operations": InvokeAgent (AgentAlias), InvokeInlineAgent
  // (InlineAgent), Retrieve and RetrieveAndGenerate (KnowledgeBase), InvokeFlow (FlowAlias), RenderPrompt
  // (the page says type AWS::Bedrock::Prompt; the CloudTrail table's value is AWS::Bedrock::PromptVersion),
  // and ApplyGuardrail (the page's selector example uses AWS::Bedrock::Guardrail). StartAsyncInvoke and
  // InvokeModelWithBidirectionalStream have no same-named IAM action in the IAM catalog, so their IAM mapping
  // is left out (see report). The page's example event gives eventSource bedrock.amazonaws.com for the
  // runtime; the agent-runtime eventSource is not shown.
  {
    resourceType: 'AWS::Bedrock::Model',
    service: 'bedrock',
    eventSources: ['bedrock.amazonaws.com'],
    actions: ['bedrock:GetAsyncInvoke'],
    since: null,
    inBaseline2023: false,
    source: `${BEDROCK_CT}; ${CT_EVENTS}`,
  },
  {
    resourceType: 'AWS::Bedrock::AsyncInvoke',
    service: 'bedrock',
    eventSources: ['bedrock.amazonaws.com'],
    actions: ['bedrock:GetAsyncInvoke'],
    since: null,
    inBaseline2023: false,
    source: `${BEDROCK_CT}; ${CT_EVENTS}`,
  },
  {
    resourceType: 'AWS::Bedrock::AgentAlias',
    service: 'bedrock',
    eventSources: ['bedrock.amazonaws.com'],
    actions: ['bedrock:InvokeAgent'],
    since: null,
    inBaseline2023: false,
    source: `${BEDROCK_CT}; ${CT_EVENTS}`,
  },
  {
    resourceType: 'AWS::Bedrock::InlineAgent',
    service: 'bedrock',
    eventSources: ['bedrock.amazonaws.com'],
    actions: ['bedrock:InvokeInlineAgent'],
    since: null,
    inBaseline2023: false,
    source: `${BEDROCK_CT}; ${CT_EVENTS}`,
  },
  {
    resourceType: 'AWS::Bedrock::KnowledgeBase',
    service: 'bedrock',
    eventSources: ['bedrock.amazonaws.com'],
    actions: ['bedrock:Retrieve', 'bedrock:RetrieveAndGenerate'],
    since: null,
    inBaseline2023: false,
    source: `${BEDROCK_CT}; ${CT_EVENTS}`,
  },
  {
    resourceType: 'AWS::Bedrock::FlowAlias',
    service: 'bedrock',
    eventSources: ['bedrock.amazonaws.com'],
    actions: ['bedrock:InvokeFlow'],
    since: null,
    inBaseline2023: false,
    source: `${BEDROCK_CT}; ${CT_EVENTS}`,
  },
  {
    resourceType: 'AWS::Bedrock::PromptVersion',
    service: 'bedrock',
    eventSources: ['bedrock.amazonaws.com'],
    actions: ['bedrock:RenderPrompt'],
    since: null,
    inBaseline2023: false,
    source: `${BEDROCK_CT}; ${CT_EVENTS}`,
  },
  {
    resourceType: 'AWS::Bedrock::Guardrail',
    service: 'bedrock',
    eventSources: ['bedrock.amazonaws.com'],
    actions: ['bedrock:ApplyGuardrail'],
    since: null,
    inBaseline2023: false,
    // Also: Bedrock User Guide, "Apply cross-account safeguards with Amazon Bedrock Guardrails enforcements"
    // ("Review CloudTrail logs for ApplyGuardrail API calls ... See Amazon Bedrock data events in
    // CloudTrail"); that page's URL was not confirmed, so it is not in `source`.
    source: `${BEDROCK_CT}; ${CT_EVENTS}`,
  },

  // --- Amazon Cognito --------------------------------------------------------------------------------------
  // Cognito page, "Identity pools events": GetCredentialsForIdentity, GetId, GetOpenIdToken,
  // GetOpenIdTokenForDeveloperIdentity and UnlinkIdentity are data events; the rest of the identity-pools API
  // and all user-pools and Cognito Sync API operations are management events.
  {
    resourceType: 'AWS::Cognito::IdentityPool',
    service: 'cognito-identity',
    eventSources: ['cognito-identity.amazonaws.com'],
    actions: [
      'cognito-identity:GetCredentialsForIdentity',
      'cognito-identity:GetId',
      'cognito-identity:GetOpenIdToken',
      'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
      'cognito-identity:UnlinkIdentity',
    ],
    since: null,
    inBaseline2023: true,
    source: `${COGNITO_CT}; ${CT_EVENTS}`,
  },

  // --- Amazon CloudWatch (metrics) -------------------------------------------------------------------------
  // CloudWatch page: "CloudTrail can capture API activities related to the CloudWatch data plane operations
  // on metrics GetMetricData, GetMetricWidgetImage, PutMetricData, GetMetricStatistics, and ListMetrics." The
  // CloudWatch document history (June 6, 2024) announces GetMetricData and GetMetricWidgetImage; the
  // PutMetricData example event is dated 2025-06. So cloudwatch:PutMetricData IS logged now, as a data event.
  {
    resourceType: 'AWS::CloudWatch::Metric',
    service: 'cloudwatch',
    eventSources: ['monitoring.amazonaws.com'],
    actions: [
      'cloudwatch:GetMetricData',
      'cloudwatch:GetMetricStatistics',
      'cloudwatch:GetMetricWidgetImage',
      'cloudwatch:ListMetrics',
      'cloudwatch:PutMetricData',
    ],
    since: '2024-06',
    inBaseline2023: false,
    source: `${CW_CT}; ${CT_EVENTS}`,
  },

  // --- AWS X-Ray -------------------------------------------------------------------------------------------
  // X-Ray page, data-event table row "X-Ray trace / AWS::XRay::Trace": PutTraceSegments, GetTraceSummaries,
  // GetTraceGraph, GetServiceGraph, BatchGetTraces, GetTimeSeriesServiceStatistics, PutTelemetryRecords,
  // GetSamplingTargets, with a PutTraceSegments data-event example dated 2024-01. X-Ray traces have no ARN,
  // so resources.ARN cannot be used to select them. So xray:PutTraceSegments and xray:PutTelemetryRecords are
  // NOT "never logged" any more: they are data events.
  {
    resourceType: 'AWS::XRay::Trace',
    service: 'xray',
    eventSources: ['xray.amazonaws.com'],
    actions: [
      'xray:BatchGetTraces',
      'xray:GetSamplingTargets',
      'xray:GetServiceGraph',
      'xray:GetTimeSeriesServiceStatistics',
      'xray:GetTraceGraph',
      'xray:GetTraceSummaries',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ],
    since: null,
    availableBy: '2024-01',
    inBaseline2023: false,
    source: `${XRAY_CT}; ${CT_EVENTS}`,
  },
  // Kinesis Data Streams: AWS::Kinesis::Stream is a current data-event type, but no page we could read
  // lists which APIs it covers. The data-plane calls below are treated as data events on purpose: that
  // only ever keeps a permission (when the input has no Kinesis data events), never removes one.
  // Lambda's Kinesis event-source mapping polls with the function's role, so getting this wrong would
  // stop a stream consumer.
  {
    resourceType: 'AWS::Kinesis::Stream',
    service: 'kinesis',
    eventSources: ['kinesis.amazonaws.com'],
    actions: [
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:PutRecord',
      'kinesis:PutRecords',
      'kinesis:SubscribeToShard',
    ],
    since: null,
    availableBy: null,
    inBaseline2023: false,
    conservative: true,
    source:
      'CloudTrail User Guide, "Logging data events" (resources.type AWS::Kinesis::Stream); API coverage assumed',
  },

  // --- Entries marked `complete: true`: the cited page enumerates every data API of the type (and the
  // service's other APIs are management events), so once all of a service's types are mapped, an operation
  // of that service that is none of the listed ones is a management event (scripts/build-catalog-data.mjs).

  // --- Amazon S3 Tables ------------------------------------------------------------------------------------
  // S3 Tables page: "S3 Tables has two resources types, AWS::S3Tables::Table and AWS::S3Tables::TableBucket.
  // The following data events are logged": AbortMultipartUpload, CompleteMultipartUpload,
  // CreateMultipartUpload, GetObject, HeadObject, ListParts, PutObject, UploadPart (S3 object APIs on the
  // table storage endpoint). The same page lists the s3TableBuckets_* API operations as management events.
  // IAM: the object APIs on table storage are authorised by s3tables:GetTableData (read) and
  // s3tables:PutTableData (write) (Service Authorization Reference: "read/write metadata and data objects
  // ... from a table storage endpoint using S3 APIs").
  {
    resourceType: 'AWS::S3Tables::Table',
    service: 's3tables',
    eventSources: ['s3tables.amazonaws.com'],
    actions: ['s3tables:GetTableData', 's3tables:PutTableData'],
    complete: true,
    since: null,
    availableBy: '2024-11',
    inBaseline2023: false,
    source: `${S3TABLES_CT}; ${S3TABLES_SAR}`,
  },
  {
    resourceType: 'AWS::S3Tables::TableBucket',
    service: 's3tables',
    eventSources: ['s3tables.amazonaws.com'],
    actions: ['s3tables:GetTableData', 's3tables:PutTableData'],
    complete: true,
    since: null,
    availableBy: '2024-11',
    inBaseline2023: false,
    source: `${S3TABLES_CT}; ${S3TABLES_SAR}`,
  },

  // --- Amazon S3 Vectors -----------------------------------------------------------------------------------
  // S3 Vectors page: "All S3 Vectors API actions are logged by CloudTrail"; data events, for resource types
  // AWS::S3Vectors::VectorBucket (all indexes of the bucket) and AWS::S3Vectors::Index: PutVectors,
  // GetVectors, DeleteVectors, ListVectors, QueryVectors; the bucket, index and policy APIs are listed as
  // management events. The IAM actions have the same names.
  {
    resourceType: 'AWS::S3Vectors::VectorBucket',
    service: 's3vectors',
    eventSources: ['s3vectors.amazonaws.com'],
    actions: [
      's3vectors:DeleteVectors',
      's3vectors:GetVectors',
      's3vectors:ListVectors',
      's3vectors:PutVectors',
      's3vectors:QueryVectors',
    ],
    complete: true,
    since: null,
    inBaseline2023: false,
    source: S3VECTORS_CT,
  },
  {
    resourceType: 'AWS::S3Vectors::Index',
    service: 's3vectors',
    eventSources: ['s3vectors.amazonaws.com'],
    actions: [
      's3vectors:DeleteVectors',
      's3vectors:GetVectors',
      's3vectors:ListVectors',
      's3vectors:PutVectors',
      's3vectors:QueryVectors',
    ],
    complete: true,
    since: null,
    inBaseline2023: false,
    source: S3VECTORS_CT,
  },

  // --- Amazon CloudFront KeyValueStore ---------------------------------------------------------------------
  // CloudFront page, table "Data APIs logged to CloudTrail", row AWS::CloudFront::KeyValueStore: DeleteKey,
  // DescribeKeyValueStore, GetKey, ListKeys, PutKey, UpdateKeys (the CloudFront KeyValueStore API, IAM prefix
  // cloudfront-keyvaluestore; its example event has eventSource edgekeyvaluestore.amazonaws.com and
  // eventCategory Data). The same page: "Amazon CloudFront logs all CloudFront control plane operations as
  // management events" (the cloudfront prefix, including CreateKeyValueStore and the other KVS control calls).
  {
    resourceType: 'AWS::CloudFront::KeyValueStore',
    service: 'cloudfront-keyvaluestore',
    eventSources: ['edgekeyvaluestore.amazonaws.com'],
    actions: [
      'cloudfront-keyvaluestore:DeleteKey',
      'cloudfront-keyvaluestore:DescribeKeyValueStore',
      'cloudfront-keyvaluestore:GetKey',
      'cloudfront-keyvaluestore:ListKeys',
      'cloudfront-keyvaluestore:PutKey',
      'cloudfront-keyvaluestore:UpdateKeys',
    ],
    complete: true,
    since: null,
    availableBy: '2023-11',
    inBaseline2023: false,
    source: CLOUDFRONT_CT,
  },

  // --- AWS Deadline Cloud ----------------------------------------------------------------------------------
  // Deadline page, table "Data APIs logged to CloudTrail" (all four Deadline types of the CloudTrail table):
  // Fleet -> SearchWorkers; Queue -> SearchJobs (the page's row prints the type as AWS::Deadline::Fleet, a
  // typo: the console name is "Deadline Queue"); Worker -> GetWorker, ListSessionsForWorker,
  // UpdateWorkerSchedule, BatchGetJobEntity, ListWorkers; Job -> the job, step, task and session calls below.
  // The page then lists the control-plane operations logged as management events. IAM actions have the
  // operation names.
  {
    resourceType: 'AWS::Deadline::Fleet',
    service: 'deadline',
    eventSources: ['deadline.amazonaws.com'],
    actions: ['deadline:SearchWorkers'],
    complete: true,
    since: null,
    inBaseline2023: false,
    source: DEADLINE_CT,
  },
  {
    resourceType: 'AWS::Deadline::Queue',
    service: 'deadline',
    eventSources: ['deadline.amazonaws.com'],
    actions: ['deadline:SearchJobs'],
    complete: true,
    since: null,
    inBaseline2023: false,
    source: DEADLINE_CT,
  },
  {
    resourceType: 'AWS::Deadline::Worker',
    service: 'deadline',
    eventSources: ['deadline.amazonaws.com'],
    actions: [
      'deadline:BatchGetJobEntity',
      'deadline:GetWorker',
      'deadline:ListSessionsForWorker',
      'deadline:ListWorkers',
      'deadline:UpdateWorkerSchedule',
    ],
    complete: true,
    since: null,
    inBaseline2023: false,
    source: DEADLINE_CT,
  },
  {
    resourceType: 'AWS::Deadline::Job',
    service: 'deadline',
    eventSources: ['deadline.amazonaws.com'],
    actions: [
      'deadline:CopyJobTemplate',
      'deadline:CreateJob',
      'deadline:GetJob',
      'deadline:GetSession',
      'deadline:GetSessionAction',
      'deadline:GetStep',
      'deadline:GetTask',
      'deadline:ListJobParameterDefinitions',
      'deadline:ListJobs',
      'deadline:ListSessionActions',
      'deadline:ListSessions',
      'deadline:ListStepConsumers',
      'deadline:ListStepDependencies',
      'deadline:ListSteps',
      'deadline:ListTasks',
      'deadline:SearchSteps',
      'deadline:SearchTasks',
      'deadline:UpdateJob',
      'deadline:UpdateSession',
      'deadline:UpdateStep',
      'deadline:UpdateTask',
    ],
    complete: true,
    since: null,
    inBaseline2023: false,
    source: DEADLINE_CT,
  },

  // --- Amazon GameLift Streams -----------------------------------------------------------------------------
  // GameLift Streams page, table "Data APIs logged to CloudTrail" (both GameLiftStreams types): Application ->
  // CreateStreamUrl, GetStreamUrl, RevokeStreamUrl, StartStreamSession; StreamGroup -> the stream session and
  // stream URL calls below. The page lists the other control-plane operations as management events.
  {
    resourceType: 'AWS::GameLiftStreams::Application',
    service: 'gameliftstreams',
    eventSources: ['gameliftstreams.amazonaws.com'],
    actions: [
      'gameliftstreams:CreateStreamUrl',
      'gameliftstreams:GetStreamUrl',
      'gameliftstreams:RevokeStreamUrl',
      'gameliftstreams:StartStreamSession',
    ],
    complete: true,
    since: null,
    availableBy: '2025-07',
    inBaseline2023: false,
    source: GAMELIFTSTREAMS_CT,
  },
  {
    resourceType: 'AWS::GameLiftStreams::StreamGroup',
    service: 'gameliftstreams',
    eventSources: ['gameliftstreams.amazonaws.com'],
    actions: [
      'gameliftstreams:CreateStreamSessionAdminShell',
      'gameliftstreams:CreateStreamSessionConnection',
      'gameliftstreams:CreateStreamUrl',
      'gameliftstreams:ExportStreamSessionFiles',
      'gameliftstreams:GetStreamSession',
      'gameliftstreams:GetStreamUrl',
      'gameliftstreams:ListStreamSessions',
      'gameliftstreams:ListStreamSessionsByAccount',
      'gameliftstreams:ListStreamUrls',
      'gameliftstreams:RevokeStreamUrl',
      'gameliftstreams:StartStreamSession',
      'gameliftstreams:TerminateStreamSession',
    ],
    complete: true,
    since: null,
    availableBy: '2025-07',
    inBaseline2023: false,
    source: GAMELIFTSTREAMS_CT,
  },

  // --- AWS AppConfig ---------------------------------------------------------------------------------------
  // AppConfig page, table "Data APIs logged to CloudTrail": AWS::AppConfig::Configuration ->
  // GetLatestConfiguration, StartConfigurationSession (the AppConfig Data API; example event dated 2024-01,
  // eventSource appconfig.amazonaws.com). "AWS AppConfig logs all AWS AppConfig control plane operations as
  // management events." A Lambda function using the AppConfig extension calls these two with its role.
  {
    resourceType: 'AWS::AppConfig::Configuration',
    service: 'appconfig',
    eventSources: ['appconfig.amazonaws.com'],
    actions: ['appconfig:GetLatestConfiguration', 'appconfig:StartConfigurationSession'],
    complete: true,
    since: null,
    availableBy: '2024-01',
    inBaseline2023: false,
    source: APPCONFIG_CT,
  },

  // --- Amazon SageMaker AI (two of its eight types) --------------------------------------------------------
  // SageMaker page, table "Data APIs logged to CloudTrail": Endpoint -> InvokeEndpoint, InvokeEndpointAsync,
  // InvokeEndpointWithResponseStream; Job -> CompleteRollout, Sample, SampleWithResponseStream. The other
  // SageMaker types (ExperimentTrialComponent, FeatureGroup, Hub, MlflowApp, MlflowTrackingServer,
  // TrainingSession) are not enumerated there, so sagemaker stays an uncertain service.
  {
    resourceType: 'AWS::SageMaker::Endpoint',
    service: 'sagemaker',
    eventSources: ['sagemaker.amazonaws.com'],
    actions: [
      'sagemaker:InvokeEndpoint',
      'sagemaker:InvokeEndpointAsync',
      'sagemaker:InvokeEndpointWithResponseStream',
    ],
    complete: true,
    since: null,
    inBaseline2023: false,
    source: SAGEMAKER_CT,
  },
  {
    resourceType: 'AWS::SageMaker::Job',
    service: 'sagemaker',
    eventSources: ['sagemaker.amazonaws.com'],
    actions: ['sagemaker:CompleteRollout', 'sagemaker:Sample', 'sagemaker:SampleWithResponseStream'],
    complete: true,
    since: null,
    inBaseline2023: false,
    source: SAGEMAKER_CT,
  },

  // --- AWS IoT SiteWise (Asset, TimeSeries, Assistant) -----------------------------------------------------
  // SiteWise page, table "Data APIs logged to CloudTrail": AWS::IoTSiteWise::Asset and ::TimeSeries ->
  // BatchPutAssetPropertyValue, Get/BatchGet AssetPropertyValue(History), Get/BatchGet AssetPropertyAggregates,
  // GetInterpolatedAssetPropertyValues (which type is logged depends on whether an asset id is given);
  // AWS::SitewiseAssistant::Conversation -> InvokeAssistant. The CloudTrail table's newer SiteWise types
  // (Dataset, Pipeline, Workspace) are not on that page, so iotsitewise is not fully enumerated.
  {
    resourceType: 'AWS::IoTSiteWise::Asset',
    service: 'iotsitewise',
    eventSources: ['iotsitewise.amazonaws.com'],
    actions: [
      'iotsitewise:BatchGetAssetPropertyAggregates',
      'iotsitewise:BatchGetAssetPropertyValue',
      'iotsitewise:BatchGetAssetPropertyValueHistory',
      'iotsitewise:BatchPutAssetPropertyValue',
      'iotsitewise:GetAssetPropertyAggregates',
      'iotsitewise:GetAssetPropertyValue',
      'iotsitewise:GetAssetPropertyValueHistory',
      'iotsitewise:GetInterpolatedAssetPropertyValues',
    ],
    complete: true,
    since: null,
    inBaseline2023: false,
    source: SITEWISE_CT,
  },
  {
    resourceType: 'AWS::IoTSiteWise::TimeSeries',
    service: 'iotsitewise',
    eventSources: ['iotsitewise.amazonaws.com'],
    actions: [
      'iotsitewise:BatchGetAssetPropertyAggregates',
      'iotsitewise:BatchGetAssetPropertyValue',
      'iotsitewise:BatchGetAssetPropertyValueHistory',
      'iotsitewise:BatchPutAssetPropertyValue',
      'iotsitewise:GetAssetPropertyAggregates',
      'iotsitewise:GetAssetPropertyValue',
      'iotsitewise:GetAssetPropertyValueHistory',
      'iotsitewise:GetInterpolatedAssetPropertyValues',
    ],
    complete: true,
    since: null,
    inBaseline2023: false,
    source: SITEWISE_CT,
  },
  {
    resourceType: 'AWS::SitewiseAssistant::Conversation',
    service: 'iotsitewise',
    eventSources: ['iotsitewise.amazonaws.com'],
    actions: ['iotsitewise:InvokeAssistant'],
    complete: true,
    since: null,
    inBaseline2023: false,
    source: SITEWISE_CT,
  },

  // --- Amazon Neptune Analytics ----------------------------------------------------------------------------
  // Neptune Analytics page: the control-plane APIs (graphs, snapshots, import/export tasks, private endpoints,
  // tags) are listed as management events; "Neptune Analytics logs the following data plane API actions as
  // data events": GetGraphSummary, ExecuteQuery, GetQuery, ListQueries, CancelQuery (type
  // AWS::NeptuneGraph::Graph, the only NeptuneGraph type). ExecuteQuery is authorised by
  // Read/Write/DeleteDataViaQuery and GetQuery by GetQueryStatus (Service Authorization Reference).
  {
    resourceType: 'AWS::NeptuneGraph::Graph',
    service: 'neptune-graph',
    eventSources: ['neptune-graph.amazonaws.com'],
    actions: [
      'neptune-graph:CancelQuery',
      'neptune-graph:DeleteDataViaQuery',
      'neptune-graph:GetGraphSummary',
      'neptune-graph:GetQueryStatus',
      'neptune-graph:ListQueries',
      'neptune-graph:ReadDataViaQuery',
      'neptune-graph:WriteDataViaQuery',
    ],
    complete: true,
    since: null,
    inBaseline2023: false,
    source: `${NEPTUNE_GRAPH_CT}; ${NEPTUNE_GRAPH_SAR}`,
  },
];

/**
 * Services whose Service Authorization Reference page says "<name> has no API operations that can be used in
 * the `Actions` element of an IAM policy statement" and lists every action under "Permission-only actions
 * ... not directly invocable through any API operation" (pages "Actions, resources, and condition keys for
 * <name>", https://docs.aws.amazon.com/service-authorization/latest/reference/, read as published in 2026).
 * Every action of such a service is permission-only: console and portal permissions, never an API call of
 * their own. Read page by page; a service is listed only where that sentence was read. Left out on purpose
 * although their pages say the same: Amazon CodeWhisperer (its AWS::CodeWhisperer::* data events are logged
 * under other event names, so its permissions must not be dropped as unseen).
 */
export const noApiServices = [
  { service: 'sqlworkbench', name: 'AWS SQL Workbench' },
  { service: 'q', name: 'Amazon Q' },
  { service: 'finops-agent', name: 'AWS FinOps Agent' },
  { service: 'purchase-orders', name: 'AWS Purchase Orders Console' },
  { service: 'networkmanager-chat', name: 'AWS Network Manager Chat' },
  { service: 'awsconnector', name: 'AWS Connector Service' },
  { service: 'mapcredits', name: 'AWS Migration Acceleration Program Credits' },
  { service: 'resource-explorer', name: 'Tag Editor' },
  { service: 'wam', name: 'Amazon WorkSpaces Application Manager' },
  { service: 'aws-portal', name: 'AWS Billing Console' },
  { service: 'supportplans', name: 'AWS Support Plans' },
  { service: 'cloudshell', name: 'AWS CloudShell' },
  { service: 'aws-marketplace-management', name: 'AWS Marketplace Management Portal' },
  { service: 'support-console', name: 'AWS Support Console' },
  { service: 'elemental-support-cases', name: 'AWS Elemental Support Cases' },
  { service: 'groundtruthlabeling', name: 'Amazon GroundTruth Labeling' },
  { service: 'bugbust', name: 'AWS BugBust' },
  { service: 'monitron', name: 'Amazon Monitron' },
  { service: 'backup-storage', name: 'AWS Backup storage' },
  { service: 'elemental-appliances-software', name: 'AWS Elemental Appliances and Software' },
  { service: 'elemental-activations', name: 'AWS Elemental Appliances and Software Activation Service' },
  { service: 'customer-verification', name: 'AWS Customer Verification Service' },
  { service: 'consolidatedbilling', name: 'AWS Consolidated Billing' },
];

/**
 * Management events a service's CloudTrail page lists one by one. Each listed action is a management event
 * even where the service has data-event types whose APIs are not mapped (which otherwise holds back
 * operations only the newest clients name): the page names it as logged by default.
 */
export const documentedManagementActions = [
  // CloudWatch Logs page: "CloudWatch Logs supports logging the following actions as events in CloudTrail
  // log files" (the list below, read as published with the 2025 integration, transformer and field-index
  // APIs). Not listed, so not taken from here: PutLogEvents (see notLoggedActions) and the scheduled-query
  // and lookup-table APIs, whose AWS::Logs::ScheduledQuery data events are not enumerated on the pages read.
  {
    service: 'logs',
    actions: [
      'logs:AssociateKmsKey',
      'logs:CancelExportTask',
      'logs:CreateDelivery',
      'logs:CreateExportTask',
      'logs:CreateLogAnomalyDetector',
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:DeleteAccountPolicy',
      'logs:DeleteDataProtectionPolicy',
      'logs:DeleteDelivery',
      'logs:DeleteDeliveryDestination',
      'logs:DeleteDeliveryDestinationPolicy',
      'logs:DeleteDeliverySource',
      'logs:DeleteDestination',
      'logs:DeleteIndexPolicy',
      'logs:DeleteIntegration',
      'logs:DeleteLogAnomalyDetector',
      'logs:DeleteLogGroup',
      'logs:DeleteLogStream',
      'logs:DeleteMetricFilter',
      'logs:DeleteQueryDefinition',
      'logs:DeleteResourcePolicy',
      'logs:DeleteRetentionPolicy',
      'logs:DeleteSubscriptionFilter',
      'logs:DeleteTransformer',
      'logs:DescribeAccountPolicies',
      'logs:DescribeConfigurationTemplates',
      'logs:DescribeDeliveries',
      'logs:DescribeDeliveryDestinations',
      'logs:DescribeDeliverySources',
      'logs:DescribeDestinations',
      'logs:DescribeExportTasks',
      'logs:DescribeFieldIndexes',
      'logs:DescribeIndexPolicies',
      'logs:DescribeLogGroups',
      'logs:DescribeLogStreams',
      'logs:DescribeMetricFilters',
      'logs:DescribeQueries',
      'logs:DescribeQueryDefinitions',
      'logs:DescribeResourcePolicies',
      'logs:DescribeSubscriptionFilters',
      'logs:DisassociateKmsKey',
      'logs:FilterLogEvents',
      'logs:GetDataProtectionPolicy',
      'logs:GetDelivery',
      'logs:GetDeliveryDestination',
      'logs:GetDeliveryDestinationPolicy',
      'logs:GetDeliverySource',
      'logs:GetIntegration',
      'logs:GetLogAnomalyDetector',
      'logs:GetLogEvents',
      'logs:GetLogGroupFields',
      'logs:GetLogRecord',
      'logs:GetQueryResults',
      'logs:GetTransformer',
      'logs:ListAnomalies',
      'logs:ListIntegrations',
      'logs:ListLogAnomalyDetectors',
      'logs:ListLogGroups',
      'logs:ListLogGroupsForQuery',
      'logs:ListTagsForResource',
      'logs:ListTagsLogGroup',
      'logs:PutAccountPolicy',
      'logs:PutDataProtectionPolicy',
      'logs:PutDeliveryDestination',
      'logs:PutDeliveryDestinationPolicy',
      'logs:PutDeliverySource',
      'logs:PutDestination',
      'logs:PutDestinationPolicy',
      'logs:PutIndexPolicy',
      'logs:PutIntegration',
      'logs:PutMetricFilter',
      'logs:PutQueryDefinition',
      'logs:PutResourcePolicy',
      'logs:PutRetentionPolicy',
      'logs:PutSubscriptionFilter',
      'logs:PutTransformer',
      'logs:StartLiveTail',
      'logs:StartQuery',
      'logs:StopQuery',
      'logs:TagResource',
      'logs:TestMetricFilter',
      'logs:TestTransformer',
      'logs:UntagResource',
      'logs:UpdateAnomaly',
      'logs:UpdateDeliveryConfiguration',
      'logs:UpdateLogAnomalyDetector',
    ],
    source: LOGS_CT,
  },
];

/** Actions CloudTrail never logs (neither management nor data events), with why. */
export const notLoggedActions = [
  // The current CloudWatch Logs page gives an exhaustive list "CloudWatch Logs supports logging the following
  // actions as events in CloudTrail log files" which includes CreateLogGroup, CreateLogStream, GetLogEvents
  // and FilterLogEvents but not PutLogEvents. Earlier versions of the same page said explicitly: "The
  // GetLogEvents, PutLogEvents, and FilterLogEvents CloudWatch Logs API actions are not supported"; the first
  // two have since been added, PutLogEvents has not. No CloudWatch Logs data-event type covers it (the
  // CloudTrail table's AWS::Logs::* types are LogGroupAuthorization and ScheduledQuery).
  {
    action: 'logs:PutLogEvents',
    why: 'Absent from the list of CloudWatch Logs actions CloudTrail logs; older page: "not supported".',
    source: `${LOGS_CT}; ${CT_EVENTS}`,
  },
  // Lake Formation page: "GetTableObjects, UpdateTableObjects, and GetWorkUnitResults are high-volume data
  // plane operations. Calls to these APIs are not currently logged to CloudTrail." (Read on the
  // docs.amazonaws.cn copy of the page; the date of that copy is not shown.)
  {
    action: 'lakeformation:GetTableObjects',
    why: 'Lake Formation data-plane API, "not currently logged to CloudTrail".',
    source: LAKEFORMATION_CT,
  },
  {
    action: 'lakeformation:UpdateTableObjects',
    why: 'Lake Formation data-plane API, "not currently logged to CloudTrail".',
    source: LAKEFORMATION_CT,
  },
  {
    action: 'lakeformation:GetWorkUnitResults',
    why: 'Lake Formation data-plane API, "not currently logged to CloudTrail".',
    source: LAKEFORMATION_CT,
  },
];

/** Permission-only actions: no API call of their own, so never an eventName; checked inside another call. */
export const permissionOnlyActions = [
  // IAM page (found through search). Its sentence "PassRole is not an API call. PassRole is a permission,
  // meaning no CloudTrail logs are generated for IAM PassRole" was read only as quoted by third parties; the
  // same wording ("No CloudTrail logs are generated for iam:PassRole ... not included in IAM action last
  // accessed information") is quoted from the IAM Access Analyzer policy-generation page.
  {
    action: 'iam:PassRole',
    checkedBy:
      'any call that hands a role to a service, e.g. lambda:CreateFunction, ' +
      'lambda:UpdateFunctionConfiguration, ' +
      'states:CreateStateMachine, events:PutTargets; those calls are logged, the PassRole check is not',
    loggedAs: null,
    source: IAM_PASSROLE,
  },
  // Bedrock page: "RenderPrompt is a permission-only action that renders prompts ... for model invocation
  // (InvokeModel(WithResponseStream) and Converse(Stream))" — yet the same page says RenderPrompt calls are
  // logged as data events for the prompt resource type.
  {
    action: 'bedrock:RenderPrompt',
    checkedBy:
      'bedrock:InvokeModel / InvokeModelWithResponseStream / Converse / ConverseStream on a managed prompt',
    loggedAs: 'data event, AWS::Bedrock::PromptVersion (page says AWS::Bedrock::Prompt)',
    source: BEDROCK_CT,
  },
  // PartiQL page + DynamoDB data-plane list: ExecuteStatement / BatchExecuteStatement / ExecuteTransaction
  // are the eventNames; the PartiQL* actions are what IAM checks, according to the statement type.
  {
    action: 'dynamodb:PartiQLSelect',
    checkedBy: 'ExecuteStatement, BatchExecuteStatement, ExecuteTransaction with a SELECT statement',
    loggedAs: 'data event, AWS::DynamoDB::Table',
    source: `${DDB_PARTIQL}; ${DDB_CT}`,
  },
  {
    action: 'dynamodb:PartiQLInsert',
    checkedBy: 'ExecuteStatement, BatchExecuteStatement, ExecuteTransaction with an INSERT statement',
    loggedAs: 'data event, AWS::DynamoDB::Table',
    source: `${DDB_PARTIQL}; ${DDB_CT}`,
  },
  {
    action: 'dynamodb:PartiQLUpdate',
    checkedBy: 'ExecuteStatement, BatchExecuteStatement, ExecuteTransaction with an UPDATE statement',
    loggedAs: 'data event, AWS::DynamoDB::Table',
    source: `${DDB_PARTIQL}; ${DDB_CT}`,
  },
  {
    action: 'dynamodb:PartiQLDelete',
    checkedBy: 'ExecuteStatement, BatchExecuteStatement, ExecuteTransaction with a DELETE statement',
    loggedAs: 'data event, AWS::DynamoDB::Table',
    source: `${DDB_PARTIQL}; ${DDB_CT}`,
  },
  // Secondary sources only (no AWS page read): the ConditionCheck element of TransactWriteItems.
  {
    action: 'dynamodb:ConditionCheckItem',
    checkedBy: 'TransactWriteItems containing a ConditionCheck',
    loggedAs: 'data event, AWS::DynamoDB::Table (as TransactWriteItems)',
    source: DDB_CT,
  },
  // S3 permissions page: version-specific actions are checked when the base API carries a versionId; the
  // base APIs are all AWS::S3::Object data events (S3 CloudTrail events page).
  {
    action: 's3:GetObjectVersion',
    checkedBy: 'GetObject / HeadObject with versionId (also the source of CopyObject/UploadPartCopy)',
    loggedAs: 'data event, AWS::S3::Object (as GetObject / HeadObject / CopyObject)',
    source: `${S3_PERMISSIONS}; ${S3_CT_EVENTS}`,
  },
  {
    action: 's3:DeleteObjectVersion',
    checkedBy: 'DeleteObject / DeleteObjects with versionId',
    loggedAs: 'data event, AWS::S3::Object (as DeleteObject / DeleteObjects)',
    source: `${S3_PERMISSIONS}; ${S3_CT_EVENTS}`,
  },
  {
    action: 's3:GetObjectVersionAcl',
    checkedBy: 'GetObjectAcl with versionId',
    loggedAs: 'data event, AWS::S3::Object (as GetObjectAcl)',
    source: `${S3_PERMISSIONS}; ${S3_CT_EVENTS}`,
  },
  {
    action: 's3:PutObjectVersionAcl',
    checkedBy: 'PutObjectAcl with versionId',
    loggedAs: 'data event, AWS::S3::Object (as PutObjectAcl)',
    source: `${S3_PERMISSIONS}; ${S3_CT_EVENTS}`,
  },
  {
    action: 's3:GetObjectVersionTagging',
    checkedBy: 'GetObjectTagging with versionId',
    loggedAs: 'data event, AWS::S3::Object (as GetObjectTagging)',
    source: `${S3_PERMISSIONS}; ${S3_CT_EVENTS}`,
  },
  {
    action: 's3:PutObjectVersionTagging',
    checkedBy: 'PutObjectTagging with versionId',
    loggedAs: 'data event, AWS::S3::Object (as PutObjectTagging)',
    source: `${S3_PERMISSIONS}; ${S3_CT_EVENTS}`,
  },
  {
    action: 's3:DeleteObjectVersionTagging',
    checkedBy: 'DeleteObjectTagging with versionId',
    loggedAs: 'data event, AWS::S3::Object (as DeleteObjectTagging)',
    source: `${S3_PERMISSIONS}; ${S3_CT_EVENTS}`,
  },
  {
    action: 's3:GetObjectVersionAttributes',
    checkedBy: 'GetObjectAttributes with versionId',
    loggedAs: 'data event, AWS::S3::Object (as GetObjectAttributes)',
    source: `${S3_PERMISSIONS}; ${S3_CT_EVENTS}`,
  },
  {
    action: 's3:GetObjectVersionTorrent',
    checkedBy: 'GetObjectTorrent with versionId',
    loggedAs: 'data event, AWS::S3::Object (as GetObjectTorrent)',
    source: `${S3_PERMISSIONS}; ${S3_CT_EVENTS}`,
  },
  // Object Lock: to override governance-mode retention a caller needs s3:BypassGovernanceRetention and the
  // x-amz-bypass-governance-retention:true header on the request (DeleteObject(s), PutObjectRetention, ...).
  // Read only through third-party copies of the S3 Object Lock page.
  {
    action: 's3:BypassGovernanceRetention',
    checkedBy:
      'DeleteObject / DeleteObjects / PutObjectRetention with x-amz-bypass-governance-retention:true',
    loggedAs: 'data event, AWS::S3::Object (as the carrying call)',
    source: `${S3_OBJECT_LOCK}; ${S3_CT_EVENTS}`,
  },
];

/**
 * Every resources.type value in the CloudTrail "Data events supported by AWS CloudTrail" table (Understanding
 * CloudTrail events page, read as published 2026). Spelling is AWS's, including
 * AWS::Quicksight::ActionConnector.
 * Only the types in dataEventTypes above have been mapped to IAM actions.
 */
export const allDataEventResourceTypes = {
  source: CT_EVENTS,
  types: [
    'AWS::AgentAccessMCP::Tools',
    'AWS::AgentRegistry::Registry',
    'AWS::AIDevOps::AgentSpace',
    'AWS::AIDevOps::Association',
    'AWS::AIDevOps::OperatorAppTeam',
    'AWS::AIDevOps::PipelineMetadata',
    'AWS::AIDevOps::Service',
    'AWS::AIOps::InvestigationGroup',
    'AWS::AOSS::Collection',
    'AWS::AppConfig::Configuration',
    'AWS::ApplicationSignals::InstrumentationConfig',
    'AWS::AppSync::GraphQLApi',
    'AWS::AWSExternalAnthropic::Workspace',
    'AWS::B2BI::Transformer',
    'AWS::Backup::BackupAccessPoint',
    'AWS::Backup::SearchJob',
    'AWS::Bedrock::AdvancedOptimizePromptJob',
    'AWS::Bedrock::AgentAlias',
    'AWS::Bedrock::AsyncInvoke',
    'AWS::Bedrock::AutomatedReasoningPolicy',
    'AWS::Bedrock::AutomatedReasoningPolicyVersion',
    'AWS::Bedrock::Blueprint',
    'AWS::Bedrock::DataAutomationInvocation',
    'AWS::Bedrock::DataAutomationProfile',
    'AWS::Bedrock::DataAutomationProject',
    'AWS::Bedrock::FlowAlias',
    'AWS::Bedrock::FlowExecution',
    'AWS::Bedrock::Guardrail',
    'AWS::Bedrock::InlineAgent',
    'AWS::Bedrock::KnowledgeBase',
    'AWS::Bedrock::Model',
    'AWS::Bedrock::PromptVersion',
    'AWS::Bedrock::Session',
    'AWS::Bedrock::Tool',
    'AWS::BedrockAgentCore::ABTest',
    'AWS::BedrockAgentCore::APIKeyCredentialProvider',
    'AWS::BedrockAgentCore::BatchEvaluate',
    'AWS::BedrockAgentCore::Browser',
    'AWS::BedrockAgentCore::BrowserCustom',
    'AWS::BedrockAgentCore::BrowserProfile',
    'AWS::BedrockAgentCore::CapacityProvider',
    'AWS::BedrockAgentCore::CodeInterpreter',
    'AWS::BedrockAgentCore::CodeInterpreterCustom',
    'AWS::BedrockAgentCore::Evaluator',
    'AWS::BedrockAgentCore::Gateway',
    'AWS::BedrockAgentCore::Memory',
    'AWS::BedrockAgentCore::OAuth2CredentialProvider',
    'AWS::BedrockAgentCore::Payments',
    'AWS::BedrockAgentCore::Policy',
    'AWS::BedrockAgentCore::PolicyEngine',
    'AWS::BedrockAgentCore::Recommendation',
    'AWS::BedrockAgentCore::Registry',
    'AWS::BedrockAgentCore::Runtime',
    'AWS::BedrockAgentCore::RuntimeEndpoint',
    'AWS::BedrockAgentCore::TokenVault',
    'AWS::BedrockAgentCore::WorkloadIdentity',
    'AWS::BedrockAgentCore::WorkloadIdentityDirectory',
    'AWS::BedrockMantle::Project',
    'AWS::BedrockWebSearch::Tool',
    'AWS::Cassandra::Stream',
    'AWS::Cassandra::Table',
    'AWS::CertificateManager::AcmeEndpoint',
    'AWS::ClinicalTrialsTech::Codelist',
    'AWS::ClinicalTrialsTech::Dataset',
    'AWS::ClinicalTrialsTech::Execution',
    'AWS::ClinicalTrialsTech::Instance',
    'AWS::ClinicalTrialsTech::Mapping',
    'AWS::ClinicalTrialsTech::Schedule',
    'AWS::ClinicalTrialsTech::Study',
    'AWS::CloudFront::KeyValueStore',
    'AWS::CloudOptimization::Profile',
    'AWS::CloudOptimization::Recommendation',
    'AWS::CloudTrail::Channel',
    'AWS::CloudWatch::Dataset',
    'AWS::CloudWatch::IngestionEndpoint',
    'AWS::CloudWatch::Metric',
    'AWS::CodeGuruProfiler::ProfilingGroup',
    'AWS::CodeWhisperer::Customization',
    'AWS::CodeWhisperer::Profile',
    'AWS::Cognito::IdentityPool',
    'AWS::DataExchange::Asset',
    'AWS::Deadline::Fleet',
    'AWS::Deadline::Job',
    'AWS::Deadline::Queue',
    'AWS::Deadline::Worker',
    'AWS::DiodeAlerting::LinkedAlert',
    'AWS::DSQL::Cluster',
    'AWS::DynamoDB::Stream',
    'AWS::DynamoDB::Table',
    'AWS::EC2::InstanceConnectEndpoint',
    'AWS::EC2::Snapshot',
    'AWS::ECS::ContainerInstance',
    'AWS::EKS::Dashboard',
    'AWS::EMRWAL::Workspace',
    'AWS::Events::Endpoint',
    'AWS::Events::EventBus',
    'AWS::Events::EventSource',
    'AWS::Events::Rule',
    'AWS::FinSpace::Environment',
    'AWS::FSx::Volume',
    'AWS::GameLiftStreams::Application',
    'AWS::GameLiftStreams::StreamGroup',
    'AWS::GeoMaps::Provider',
    'AWS::GeoPlaces::Provider',
    'AWS::GeoRoutes::Provider',
    'AWS::Glue::Table',
    'AWS::GreengrassV2::ComponentVersion',
    'AWS::GreengrassV2::Deployment',
    'AWS::GuardDuty::Detector',
    'AWS::GuardDuty::MalwareScan',
    'AWS::HealthAgent::Domain',
    'AWS::HealthAgent::Integration',
    'AWS::HealthAgent::PatientInsightsJob',
    'AWS::HealthAgent::Session',
    'AWS::HealthAgent::Subscription',
    'AWS::HealthLake::DataTransformationProfile',
    'AWS::IoT::Certificate',
    'AWS::IoT::Thing',
    'AWS::IoT::Tunnel',
    'AWS::IoTSiteWise::Asset',
    'AWS::IoTSiteWise::Dataset',
    'AWS::IoTSiteWise::Pipeline',
    'AWS::IoTSiteWise::TimeSeries',
    'AWS::IoTSiteWise::Workspace',
    'AWS::IoTTwinMaker::Entity',
    'AWS::IoTTwinMaker::Workspace',
    'AWS::KendraRanking::ExecutionPlan',
    'AWS::Kinesis::Stream',
    'AWS::Kinesis::StreamConsumer',
    'AWS::KinesisFirehose::DeliveryStream',
    'AWS::KinesisVideo::SignalingChannel',
    'AWS::KinesisVideo::Stream',
    'AWS::Lambda::Function',
    'AWS::Lambda::MicrovmImage',
    'AWS::Lex::Bot',
    'AWS::Lex::BotAlias',
    'AWS::Logs::LogGroupAuthorization',
    'AWS::Logs::ScheduledQuery',
    'AWS::MachineLearning::MlModel',
    'AWS::ManagedBlockchain::Network',
    'AWS::ManagedBlockchain::Node',
    'AWS::ManagedBlockchainQuery::QueryAPI',
    'AWS::MedicalImaging::Datastore',
    'AWS::MedicalImaging::Imageset',
    'AWS::MWAA::Environment',
    'AWS::NeptuneGraph::Graph',
    'AWS::NetworkFlowMonitor::Monitor',
    'AWS::NetworkFlowMonitor::Scope',
    'AWS::NovaAct::WorkflowDefinition',
    'AWS::NovaAct::WorkflowRun',
    'AWS::One::UKey',
    'AWS::One::User',
    'AWS::PaymentCryptography::Alias',
    'AWS::PaymentCryptography::Key',
    'AWS::PCAConnectorAD::Connector',
    'AWS::PCAConnectorSCEP::Connector',
    'AWS::Pinpoint::App',
    'AWS::QApps::QApp',
    'AWS::QApps::QAppSession',
    'AWS::QBusiness::Application',
    'AWS::QBusiness::DataSource',
    'AWS::QBusiness::Index',
    'AWS::QBusiness::Integration',
    'AWS::QBusiness::WebExperience',
    'AWS::QDeveloper::Integration',
    'AWS::Quicksight::ActionConnector',
    'AWS::QuickSight::App',
    'AWS::QuickSight::Automation',
    'AWS::QuickSight::AutomationJob',
    'AWS::QuickSight::Extension',
    'AWS::QuickSight::ExtensionAccess',
    'AWS::QuickSight::Flow',
    'AWS::QuickSight::FlowSession',
    'AWS::QuickSight::Page',
    'AWS::QuickSight::Task',
    'AWS::RDS::DBCluster',
    'AWS::Redshift::Cluster',
    'AWS::ResourceExplorer2::ManagedView',
    'AWS::ResourceExplorer2::View',
    'AWS::RUM::AppMonitor',
    'AWS::S3::AccessPoint',
    'AWS::S3::Object',
    'AWS::S3Express::AccessPoint',
    'AWS::S3Express::Object',
    'AWS::S3ObjectLambda::AccessPoint',
    'AWS::S3Outposts::Object',
    'AWS::S3Tables::Table',
    'AWS::S3Tables::TableBucket',
    'AWS::S3Vectors::Index',
    'AWS::S3Vectors::VectorBucket',
    'AWS::SageMaker::Endpoint',
    'AWS::SageMaker::ExperimentTrialComponent',
    'AWS::SageMaker::FeatureGroup',
    'AWS::SageMaker::Hub',
    'AWS::SageMaker::Job',
    'AWS::SageMaker::MlflowApp',
    'AWS::SageMaker::MlflowTrackingServer',
    'AWS::SageMaker::TrainingSession',
    'AWS::SCN::BusinessRule',
    'AWS::SCN::DataLakeException',
    'AWS::SCN::ExceptionInvestigation',
    'AWS::SCN::ExceptionRule',
    'AWS::SCN::Instance',
    'AWS::SCN::Metric',
    'AWS::SCN::MetricEvaluation',
    'AWS::SCN::Outcome',
    'AWS::SCN::OutcomeTemplate',
    'AWS::SDB::Domain',
    'AWS::ServiceDiscovery::Namespace',
    'AWS::ServiceDiscovery::Service',
    'AWS::SES::ConfigurationSet',
    'AWS::SES::EmailIdentity',
    'AWS::SES::Template',
    'AWS::Signer::SigningJob',
    'AWS::Signer::SigningProfile',
    'AWS::SitewiseAssistant::Conversation',
    'AWS::SMSVoice::CarrierLookup',
    'AWS::SMSVoice::ConfigurationSet',
    'AWS::SMSVoice::Message',
    'AWS::SMSVoice::NotifyConfiguration',
    'AWS::SMSVoice::OriginationIdentity',
    'AWS::SNS::PlatformEndpoint',
    'AWS::SNS::Topic',
    'AWS::SocialMessaging::PhoneNumberId',
    'AWS::SocialMessaging::WabaId',
    'AWS::SQS::Queue',
    'AWS::SSM::ExecutionPreview',
    'AWS::SSM::ManagedNode',
    'AWS::SSMMessages::ControlChannel',
    'AWS::StepFunctions::Activity',
    'AWS::StepFunctions::StateMachine',
    'AWS::SupportAccess::Tenant',
    'AWS::SupportAccess::TrustingAccount',
    'AWS::SupportAccess::TrustingRole',
    'AWS::SWF::Domain',
    'AWS::ThinClient::Device',
    'AWS::ThinClient::Environment',
    'AWS::Timestream::Database',
    'AWS::Timestream::RegionalEndpoint',
    'AWS::Timestream::Table',
    'AWS::Transform::AgentInstance',
    'AWS::Transform::Profile',
    'AWS::TransformCustom::Campaign',
    'AWS::TransformCustom::Conversation',
    'AWS::TransformCustom::KnowledgeItem',
    'AWS::TransformCustom::Package',
    'AWS::UXC::AccountCustomization',
    'AWS::VerifiedPermissions::PolicyStore',
    'AWS::WellArchitected::AgentRecommendation',
    'AWS::XRay::Trace',
  ],
};
