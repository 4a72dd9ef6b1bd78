// Tag-on-create: a resource-creating call that carries tags is authorised a second time on the
// service's tagging action, so the tagging action is a dependent of the creating one (it is
// kept while the creating call is used). Only services whose documentation says so are listed.

/** EC2: every creating action that accepts aws:RequestTag/${TagKey} (read from the catalog). */
export const ec2TagOnCreate = {
  dependent: 'ec2:CreateTags',
  conditionKey: 'aws:RequestTag/${TagKey}',
  // Tagging actions themselves take the key but are not creating calls.
  exclude: ['ec2:CreateTags', 'ec2:DeleteTags'],
  source:
    'Amazon EC2 User Guide, "Grant permission to tag Amazon EC2 resources during creation": "If tags are ' +
    'specified in the resource-creating action, Amazon performs additional authorization on the ec2:CreateTags ' +
    'action" — https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html',
};

/** Services whose documentation names the creating actions one by one. */
export const tagOnCreate = [
  {
    dependent: 'ecs:TagResource',
    triggers: [
      'ecs:CreateCapacityProvider',
      'ecs:CreateCluster',
      'ecs:CreateService',
      'ecs:CreateTaskSet',
      'ecs:RegisterContainerInstance',
      'ecs:RegisterTaskDefinition',
      'ecs:RunTask',
      'ecs:StartTask',
    ],
    source:
      'Amazon ECS Developer Guide, "Grant permission to tag resources on creation"' +
      ' — https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html',
  },
  {
    // The page names these two "such as"; the rest of its list was not read, so only they are here.
    dependent: 'elasticloadbalancing:AddTags',
    triggers: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
    source:
      'Elastic Load Balancing User Guide, "ELB API permissions to tag resources during creation"' +
      ' — https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/tagging-resources-during-creation.html',
  },
];
