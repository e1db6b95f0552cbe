/** Segments: several playbooks of one pair, told apart by `when:` (tier, region, deal value, ...). */
export const enSegments = {
  'reply.NO_SEGMENT':
    "No playbook from {from} to {to} fits {customer}: the playbooks there are only for {segments}. Check the customer's tier, region or deal value in the CRM, or ask an admin to add a playbook without `when:` as the default.",
} as const;
