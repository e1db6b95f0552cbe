import type { Delivery } from '../domain/types.js';

/**
 * The conversation a delivery goes to, for ordering and pacing. The stores
 * compute the same key to cap a claim per conversation (the PostgreSQL engine
 * as an SQL expression over the stored JSON: change both together).
 */
export function conversationKey(d: Delivery): string {
  const t = d.target;
  switch (t.kind) {
    case 'team':
      return `${d.platform}:team:${t.team}`;
    case 'person':
      return `${d.platform}:person:${t.person}`;
    case 'card':
      return `${d.platform}:card:${t.cardRefId}`;
    case 'address':
      return `${d.platform}:conv:${t.conversationId}`;
  }
}
