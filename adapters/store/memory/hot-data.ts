import type { JourneyFact } from '../../../src/analytics/fact.js';
import type {
  CardRef,
  Customer,
  Delivery,
  FollowUp,
  Handoff,
  InboundEvent,
} from '../../../src/domain/types.js';

/**
 * The hot working set as plain data: what the JSON file store snapshots.
 * What grows with history (audit, touchpoints, closed handoffs) is not here;
 * it goes to the history sink as it is committed.
 */
export interface HotData {
  customers: Customer[];
  handoffs: Handoff[];
  /** Closed handoff id → customer id, to find a closed handoff in history. */
  closedHandoffs: Record<string, string>;
  followUps: FollowUp[];
  deliveries: Delivery[];
  /** Keys of delivered messages (key → when sent), kept for a retention period. */
  deliveryKeys: Record<string, string>;
  cardRefs: CardRef[];
  inbound: InboundEvent[];
  kv: Array<{ ns: string; key: string; value: unknown }>;
  /** The journey rollup (one row per handoff ever started); absent in files written before it existed. */
  journey?: JourneyFact[];
  /**
   * More facts as the data file's JSON lines, one fact each, parsed when first read: 50k facts
   * take a quarter of a second or more to parse, and only the dashboard reads them all.
   */
  journeyLines?: string[];
}

export const emptyHotData = (): HotData => ({
  customers: [],
  handoffs: [],
  closedHandoffs: {},
  followUps: [],
  deliveries: [],
  deliveryKeys: {},
  cardRefs: [],
  inbound: [],
  kv: [],
  journey: [],
});
