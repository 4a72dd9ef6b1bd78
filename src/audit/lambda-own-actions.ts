// The network-interface calls Lambda makes with the execution role to attach a function to its
// VPC (AWSLambdaVPCAccessExecutionRole grants them on "*", as the Lambda Developer Guide's
// "Giving Lambda functions access to resources in an Amazon VPC" describes).
const VPC_NETWORK = /^ec2:((Create|Describe|Delete)NetworkInterfaces?|(Assign|Unassign)PrivateIpAddresses)$/i;

// What else Lambda itself calls with the role: logs, traces, and the event-source pollers for
// SQS, Kinesis and DynamoDB Streams.
const LAMBDA_OWN = new RegExp(
  [
    '^(logs|xray):',
    '^sqs:(ReceiveMessage|DeleteMessage|GetQueueAttributes|ChangeMessageVisibility)$',
    '^kinesis:(GetRecords|GetShardIterator|DescribeStream|DescribeStreamSummary|ListShards|ListStreams|SubscribeToShard)$',
    '^dynamodb:(GetRecords|GetShardIterator|DescribeStream|ListStreams)$',
  ].join('|'),
  'i',
);

/** Whether Lambda calls the action to run a function in a VPC (it needs `Resource: "*"`). */
export function isVpcNetworkAction(action: string): boolean {
  return VPC_NETWORK.test(action);
}

/**
 * Whether Lambda itself may call the action with the execution role (logs, traces, VPC network
 * interfaces, event-source pollers): a grant or a call of these alone does not show that the
 * function's code calls other services.
 */
export function isLambdaOwnAction(action: string): boolean {
  return VPC_NETWORK.test(action) || LAMBDA_OWN.test(action);
}
