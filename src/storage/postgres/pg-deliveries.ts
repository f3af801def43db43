/** The outbox: listing and updating deliveries. */
import type { Delivery, DeliveryStatus } from '../store.ts';
import { type Db, DELIVERY_COLUMNS, deliveryPatch, type DeliveryRow, toDelivery } from './rows.ts';

export const ACTIVE_SQL = `status IN ('pending', 'failed')`;

export async function listDueDeliveries(db: Db, now: Date, limit: number): Promise<Delivery[]> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE ${ACTIVE_SQL} AND next_attempt_at <= $1 ORDER BY seq LIMIT $2`,
    [now, Math.max(0, limit)],
  );
  return rows.map(toDelivery);
}

/** Newest first. */
export async function listDeliveries(db: Db, options: { status?: DeliveryStatus; limit: number }): Promise<Delivery[]> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE ($1::text IS NULL OR status = $1) ORDER BY seq DESC LIMIT $2`,
    [options.status ?? null, Math.max(0, options.limit)],
  );
  return rows.map(toDelivery);
}

export async function getDelivery(db: Db, id: string): Promise<Delivery | null> {
  const { rows } = await db.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = $1`, [id]);
  return rows[0] ? toDelivery(rows[0]) : null;
}

export async function updateDelivery(db: Db, id: string, patch: Partial<Omit<Delivery, 'id'>>): Promise<Delivery | null> {
  const { set, values } = deliveryPatch(patch, 2);
  if (!set) return getDelivery(db, id);
  const { rows } = await db.query<DeliveryRow>(`UPDATE deliveries SET ${set} WHERE id = $1 RETURNING ${DELIVERY_COLUMNS}`, [id, ...values]);
  return rows[0] ? toDelivery(rows[0]) : null;
}

export async function updateDeliveries(db: Db, ids: string[], patch: Partial<Omit<Delivery, 'id'>>): Promise<void> {
  const { set, values } = deliveryPatch(patch, 2);
  if (!set || ids.length === 0) return;
  await db.query(`UPDATE deliveries SET ${set} WHERE id = ANY($1::text[])`, [ids, ...values]);
}
