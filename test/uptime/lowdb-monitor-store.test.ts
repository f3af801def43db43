import assert from 'node:assert/strict';
import { join } from 'node:path';
import { emptyDataFile } from '../../src/storage/lowdb/data-file.ts';
import { LowdbMonitorStore, REPORT_IDS_KEPT } from '../../src/storage/lowdb-monitor-store.ts';
import { LowdbStore } from '../../src/storage/lowdb-store.ts';
import { advanceMonitor } from '../../src/uptime/monitor-state.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { fail, ok } from './monitor-state-helpers.ts';

const URL = 'https://shop.example.com';

describe('LowdbMonitorStore', () => {
  it('persists state, history and report ids in the shared data file, next to the main store', async () => {
    const temp = await makeTempDir();
    try {
      const file = join(temp.dir, 'data.json');
      const store = await LowdbStore.open(file);
      const monitors = new LowdbMonitorStore(store.shared);
      const first = advanceMonitor(null, ok(), new Date('2026-03-04T12:00:00Z'));
      const second = advanceMonitor(first.state, fail(), new Date('2026-03-04T12:01:00Z'));
      await monitors.recordChecks([{ origin: 'monitor', url: URL, state: first.state, sample: { at: '2026-03-04T12:00:00.000Z', up: true, latencyMs: 184, status: 200 } }]);
      await monitors.recordChecks([{ origin: 'monitor', url: URL, state: second.state, sample: { at: '2026-03-04T12:01:00.000Z', up: false, latencyMs: 20, status: 503 } }], { reportId: 'r-1' });
      await monitors.setSettings('monitor', 'https://pinned.example.com', { pinned: true, keyword: 'Welcome' });
      await store.close();

      const reopened = await LowdbStore.open(file);
      const again = new LowdbMonitorStore(reopened.shared);
      const record = await again.get('monitor', URL);
      assert.equal(record?.state.status, 'pending');
      assert.deepEqual(record?.history.recent.map((s) => s.up), [true, false]);
      assert.equal(await again.hasReport('r-1'), true);
      assert.equal(await again.hasReport('r-2'), false);
      assert.deepEqual((await again.get('monitor', 'https://pinned.example.com'))?.settings, { pinned: true, keyword: 'Welcome' });
      assert.equal((await again.list()).length, 2);
      assert.equal(await again.remove('monitor', URL), true);
      assert.equal(await again.remove('monitor', URL), false);
      await reopened.close();
    } finally {
      await temp.cleanup();
    }
  });

  it('keeps monitor and report origins apart, returns copies, and caps report ids', async () => {
    const data = emptyDataFile();
    let commits = 0;
    const monitors = new LowdbMonitorStore({ data, commit: async () => void (commits += 1) });
    const { state } = advanceMonitor(null, ok(), new Date());
    const sample = { at: new Date().toISOString(), up: true, latencyMs: 1, status: 200 };
    await monitors.recordChecks([{ origin: 'monitor', url: URL, state, sample }, { origin: 'report', url: URL, state, sample }]);
    assert.equal(commits, 1, 'one write for a batch');
    assert.equal((await monitors.list()).length, 2);
    const copy = await monitors.get('report', URL);
    copy!.state.status = 'down';
    assert.equal((await monitors.get('report', URL))!.state.status, 'up');
    for (let i = 0; i < REPORT_IDS_KEPT + 5; i++) data.monitors!.reports.push(`x${i}`);
    await monitors.recordChecks([], { reportId: 'newest' });
    assert.equal(data.monitors!.reports.length, REPORT_IDS_KEPT);
    assert.equal(await monitors.hasReport('newest'), true);
    assert.equal(await monitors.hasReport('x0'), false);
  });

  it('rolls the memory back when the write fails', async () => {
    const data = emptyDataFile();
    const monitors = new LowdbMonitorStore({ data, commit: async () => { throw new Error('disk full'); } });
    const { state } = advanceMonitor(null, ok(), new Date());
    await assert.rejects(monitors.recordChecks([{ origin: 'monitor', url: URL, state, sample: { at: new Date().toISOString(), up: true, latencyMs: 1, status: 200 } }], { reportId: 'r' }), /disk full/);
    assert.deepEqual(await monitors.list(), []);
    assert.equal(await monitors.hasReport('r'), false);
  });
});
