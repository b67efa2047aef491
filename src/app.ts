import type { Logger } from 'pino';
import type { Catalog } from './catalog/load.js';
import type { Clock } from './core/clock.js';
import { Dispatcher } from './core/dispatcher.js';
import { DomainEvents } from './core/domain-events.js';
import type { CoreSettings, Feature, Services } from './core/feature.js';
import type { ChatPort } from './core/ports.js';
import type { Storage } from './db/open.js';
import { answersFeature } from './features/answers/index.js';
import { dailyFeature } from './features/daily/index.js';
import { mockFeature } from './features/mock/index.js';
import { streaksFeature } from './features/streaks/index.js';
import { statsFeature } from './features/stats/index.js';
import { privacyFeature } from './features/privacy/index.js';
import { reviewsFeature } from './features/reviews/index.js';

export interface AppOptions {
  readonly storage: Storage;
  readonly catalog: Catalog;
  readonly clock: Clock;
  readonly port: ChatPort;
  readonly log: Logger;
  readonly settings: CoreSettings;
}

export interface App {
  readonly services: Services;
  readonly dispatcher: Dispatcher;
}

/** The features, in the order they are asked about thread messages (mock threads before daily threads). */
export function buildFeatures(services: Services): Feature[] {
  return [mockFeature(services), dailyFeature(services), answersFeature(services), reviewsFeature(services), streaksFeature(services), statsFeature(services), privacyFeature(services)];
}

/** Builds the core: services, features, dispatcher. Shared by main.ts, the playground and the tests. */
export function createApp(options: AppOptions): App {
  const services: Services = {
    db: options.storage.db,
    sqlite: options.storage.sqlite,
    atomic: options.storage.atomic,
    catalog: options.catalog,
    clock: options.clock,
    port: options.port,
    log: options.log,
    settings: options.settings,
    events: new DomainEvents(options.log),
    writes: options.storage.writes,
  };
  const dispatcher = new Dispatcher(services);
  // The directory caches member ids; a forgotten member gets a fresh row on their next event.
  services.events.on('member.forgotten', (e) => dispatcher.directory.forgetMember(e.communityId, e.userRef));
  for (const feature of buildFeatures(services)) dispatcher.register(feature);
  return { services, dispatcher };
}
