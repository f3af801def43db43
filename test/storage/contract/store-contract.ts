/** The one contract every store implementation passes (lowdb.test.ts, postgres.test.ts). */
import { deliveriesContract } from './deliveries-contract.ts';
import { eventsContract } from './events-contract.ts';
import { hooksContract } from './hooks-contract.ts';
import { leasesContract } from './leases-contract.ts';
import { monitorsContract } from './monitors-contract.ts';
import type { StoreFactory } from './store-factory.ts';
import { subscriptionsContract } from './subscriptions-contract.ts';

export function storeContract(factory: () => StoreFactory): void {
  eventsContract(factory);
  subscriptionsContract(factory);
  deliveriesContract(factory);
  leasesContract(factory);
  hooksContract(factory);
  monitorsContract(factory);
}
