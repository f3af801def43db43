import type { NormalizedEvent } from '../events/normalized-event.ts';
import type { PlatformPayload } from '../delivery/message-sender.ts';
import type { Platform } from '../subscriptions/subscription.ts';

export interface Renderer {
  /**
   * Renders an event for a platform, within that platform's limits, with provider text escaped.
   * Returns null when the event's template renders nothing (the event is not posted).
   * Never throws for odd provider data.
   */
  render(event: NormalizedEvent, platform: Platform): Promise<PlatformPayload | null>;
}
