/** Sends a signed sample webhook to a running server and prints its answer (exit 0 on 2xx, else 1). */
export async function postSample(base: string, path: string, headers: Record<string, string>, body: string): Promise<number> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers, body }).catch((err: unknown) => {
    console.error(`Could not reach ${base}: ${(err as Error).message}. Is the server running (npm start)?`);
    return null;
  });
  if (!res) return 1;
  console.log(`${res.status} ${await res.text()}`);
  return res.ok ? 0 : 1;
}
