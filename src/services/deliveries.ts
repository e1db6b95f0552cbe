import type { Directory } from '../config/directory.js';
import type {
  CardRef,
  Delivery,
  DeliveryMessage,
  DeliveryTarget,
  Handoff,
  NoteEvent,
  Platform,
} from '../domain/types.js';

export interface DeliveryContext {
  dir: Directory;
  ids: (prefix: string) => string;
  now: string;
  /** Platforms Baton is connected to; nothing is queued for the others. */
  platforms: readonly Platform[];
}

export function newDelivery(
  ctx: DeliveryContext,
  key: string,
  platform: Platform,
  target: DeliveryTarget,
  message: DeliveryMessage,
): Delivery {
  return {
    id: ctx.ids('dlv'),
    key,
    platform,
    target,
    message,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: ctx.now,
    createdAt: ctx.now,
  };
}

/** Platforms where a team works, among those Baton is connected to. */
export function teamPlatforms(ctx: DeliveryContext, team: string): Platform[] {
  return ctx.dir.platforms.filter(
    (p) => ctx.dir.teamChannel(team, p) !== undefined && ctx.platforms.includes(p),
  );
}

/**
 * The one platform a person is reached on: their team's platform when they
 * have an id there, otherwise wherever they have one.
 */
export function personPlatform(ctx: DeliveryContext, person: string): Platform | undefined {
  const p = ctx.dir.person(person);
  if (!p) return undefined;
  const has = (platform: Platform) => ctx.dir.personId(person, platform) !== undefined;
  const candidates = [
    ...ctx.dir.platforms.filter((c) => has(c) && ctx.dir.teamChannel(p.team, c) !== undefined),
    ...ctx.dir.platforms.filter(has),
  ];
  return candidates.find((c) => ctx.platforms.includes(c));
}

/** The context card for the receiving team's channels, or the named person. */
export function cardPosts(ctx: DeliveryContext, handoff: Handoff, toPerson?: string): Delivery[] {
  const message: DeliveryMessage = { type: 'handoff-card', handoffId: handoff.id };
  if (toPerson) {
    const platform = personPlatform(ctx, toPerson);
    if (!platform) return [];
    return [
      newDelivery(
        ctx,
        `${handoff.id}:r${handoff.round}:card:${platform}:${toPerson}`,
        platform,
        {
          kind: 'person',
          person: toPerson,
        },
        message,
      ),
    ];
  }
  return teamPlatforms(ctx, handoff.to).map((platform) =>
    newDelivery(
      ctx,
      `${handoff.id}:r${handoff.round}:card:${platform}`,
      platform,
      { kind: 'team', team: handoff.to },
      message,
    ),
  );
}

/**
 * One update per posted card, keyed by version so each change is sent once;
 * with `note`, the change is also said in the card's thread.
 */
export function cardUpdates(
  ctx: DeliveryContext,
  handoff: Handoff,
  refs: readonly CardRef[],
  note?: { event: NoteEvent; actor?: string; detail?: string },
): Delivery[] {
  const out: Delivery[] = [];
  for (const ref of refs) {
    if (!ctx.platforms.includes(ref.platform)) continue;
    out.push(
      newDelivery(
        ctx,
        `${ref.id}:v${handoff.version}`,
        ref.platform,
        { kind: 'card', cardRefId: ref.id },
        {
          type: 'card-update',
          handoffId: handoff.id,
        },
      ),
    );
    if (note) {
      out.push(
        newDelivery(
          ctx,
          `${ref.id}:v${handoff.version}:note`,
          ref.platform,
          { kind: 'card', cardRefId: ref.id },
          {
            type: 'note',
            handoffId: handoff.id,
            ...note,
          },
        ),
      );
    }
  }
  return out;
}

/** A direct message to one person, on the platform they are reached on. */
export function directMessage(
  ctx: DeliveryContext,
  key: string,
  person: string,
  message: DeliveryMessage,
): Delivery[] {
  const platform = personPlatform(ctx, person);
  return platform ? [newDelivery(ctx, key, platform, { kind: 'person', person }, message)] : [];
}
