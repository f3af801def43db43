import assert from 'node:assert/strict';
import type { RecordedCheck } from '../../../src/storage/monitor-store.ts';
import { advanceMonitor } from '../../../src/uptime/monitor-state.ts';
import { fail, ok } from '../../uptime/monitor-state-helpers.ts';
import { type StoreFactory, useStores } from './store-factory.ts';

const SITE = 'https://shop.example.com';
const sample = (at: string, up: boolean) => ({ at, up, latencyMs: up ? 184 : 20, status: up ? 200 : 503 });

export function monitorsContract(factory: () => StoreFactory): void {
  describe('monitors (MonitorStore)', () => {
    const ctx = useStores(factory);

    it('persists state, history, settings and report ids across a restart', async () => {
      const first = advanceMonitor(null, ok(), new Date('2026-03-04T12:00:00Z'));
      const second = advanceMonitor(first.state, fail(), new Date('2026-03-04T12:01:00Z'));
      await ctx.s.monitors.recordChecks([{ origin: 'monitor', url: SITE, state: first.state, sample: sample('2026-03-04T12:00:00.000Z', true) }]);
      await ctx.s.monitors.recordChecks([{ origin: 'monitor', url: SITE, state: second.state, sample: sample('2026-03-04T12:01:00.000Z', false) }], { reportId: 'r-1' });
      const pinned = await ctx.s.monitors.setSettings('monitor', 'https://pinned.example.com', { pinned: true, keyword: 'Welcome' });
      assert.deepEqual(pinned.settings, { pinned: true, keyword: 'Welcome' });
      assert.equal(pinned.state.status, 'unknown');
      await ctx.s.close();
      ctx.s = await factory().reopen();
      const { monitors } = ctx.s;
      const record = await monitors.get('monitor', SITE);
      assert.equal(record?.state.status, 'pending');
      assert.deepEqual(record?.state, second.state);
      assert.deepEqual(record?.history.recent.map((s) => s.up), [true, false]);
      assert.equal(record?.settings, null);
      assert.equal(await monitors.hasReport('r-1'), true);
      assert.equal(await monitors.hasReport('r-2'), false);
      assert.deepEqual((await monitors.get('monitor', 'https://pinned.example.com'))?.settings, { pinned: true, keyword: 'Welcome' });
      assert.equal((await monitors.list()).length, 2);
      assert.equal((await monitors.setSettings('monitor', SITE, { pinned: false, timeoutMs: 5000 })).history.recent.length, 2, 'settings keep the history');
      assert.equal((await monitors.setSettings('monitor', SITE, null)).settings, null);
      assert.equal(await monitors.remove('monitor', SITE), true);
      assert.equal(await monitors.remove('monitor', SITE), false);
      assert.equal(await monitors.get('monitor', SITE), null);
    });

    it('keeps monitor and report origins apart, records a batch, and returns copies', async () => {
      const { monitors } = ctx.s;
      const { state } = advanceMonitor(null, ok(), new Date());
      const now = new Date().toISOString();
      const checks: RecordedCheck[] = [
        { origin: 'monitor', url: SITE, state, sample: sample(now, true) },
        { origin: 'report', url: SITE, state, sample: sample(now, true) },
        { origin: 'report', url: SITE, state, sample: sample(now, false) },
      ];
      await monitors.recordChecks(checks);
      assert.equal((await monitors.list()).length, 2);
      assert.equal((await monitors.get('report', SITE))?.history.recent.length, 2, 'two checks of one site in one batch');
      const copy = await monitors.get('report', SITE);
      copy!.state.status = 'down';
      assert.equal((await monitors.get('report', SITE))!.state.status, 'up');
      await monitors.recordChecks([], { reportId: 'only-id' });
      assert.equal(await monitors.hasReport('only-id'), true);
    });
  });
}
